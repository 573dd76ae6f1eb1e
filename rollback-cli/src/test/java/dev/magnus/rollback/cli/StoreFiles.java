package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Write file stores for the command tests through the engine, damage them after close the way a disk or
 * a person does (flipped bytes, a deleted segment), take a fingerprint of every file, and make a store
 * directory read-only.
 */
final class StoreFiles {
  private StoreFiles() {}

  /** Put the permissions back when closed. */
  interface Permissions extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** Write sessions s-1 and s-2, seven checkpoints each, with retention keeping three, then close the store. */
  static void write(Path dir, long segmentBytes, boolean groupAccess) {
    RollbackConfig config = RollbackConfig.custom().checkpoint(CheckpointConfig.custom().maxCheckpoints(3).build())
        .build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config)
        .store(FileStores.builder(dir).segmentBytes(segmentBytes).groupAccess(groupAccess).open()).build()) {
      SessionMetadata metadata = SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH);
      for (String id : List.of("s-1", "s-2")) {
        Session session = engine.initialize(id, metadata, Map.of("n", 0L));
        for (long i = 1; i <= 6; i++) {
          long n = i;
          session.update(s -> s.with("n", n));
          session.createCheckpoint(CheckpointType.USER_REQUESTED, "step number " + i);
        }
      }
    }
  }

  /** Write a store in one segment file. */
  static void write(Path dir) {
    write(dir, FileStores.DEFAULT_SEGMENT_BYTES, false);
  }

  /** Write a store whose records spread over several small segment files. */
  static void writeInSeveralSegments(Path dir) {
    write(dir, 1024, false);
    if (segments(dir).size() < 3) {
      throw new AssertionError("expected at least 3 segments in " + dir + ", found " + segments(dir));
    }
  }

  /** List the live segment files ({@code segment-<20 digits>.log}), oldest first. */
  static List<Path> segments(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("segment-\\d{20}\\.log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flip eight bytes in the middle of a file. */
  static void flipMiddle(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(file, bytes);
  }

  /** Return every file and directory under {@code dir}: relative path to SHA-256 and permissions. */
  static Map<String, String> fingerprint(Path dir) throws IOException {
    Map<String, String> prints = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        prints.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir " + perms : sha256(p) + " " + perms);
      }
    }
    return prints;
  }

  /**
   * Return every file and directory under {@code dir}, {@code dir} included: relative path to SHA-256 (files),
   * permissions and last-modified time. Creating, deleting or renaming a file changes its directory's time,
   * writing one changes its own, so equal snapshots prove nothing was written, also where permissions do not
   * stop a writer (as root).
   */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> prints = new TreeMap<>();
    for (Map.Entry<String, String> e : fingerprint(dir).entrySet()) {
      Path p = dir.resolve(e.getKey());
      prints.put(e.getKey(), e.getValue() + " " + Files.getLastModifiedTime(p));
    }
    return prints;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("the JDK has SHA-256", e);
    }
  }

  /**
   * Take the write permission away from a store directory and its files until the returned handle is
   * closed. Skips the test (JUnit assumption) where that does not stop writes: as root, or without
   * POSIX permissions.
   */
  static Permissions readOnly(Path dir) throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions are not supported by this file system");
    Map<Path, Set<PosixFilePermission>> before = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        before.put(p, Files.getPosixFilePermissions(p));
      }
    }
    for (Map.Entry<Path, Set<PosixFilePermission>> e : before.entrySet()) {
      Files.setPosixFilePermissions(e.getKey(), PosixFilePermissions.fromString(Files.isDirectory(e.getKey())
          ? "r-x------" : "r--------"));
    }
    Permissions restore = () -> {
      for (Map.Entry<Path, Set<PosixFilePermission>> e : before.entrySet()) {
        Files.setPosixFilePermissions(e.getKey(), e.getValue());
      }
    };
    if (Files.isWritable(dir)) {
      restore.close();
      Assumptions.abort("the directory stays writable without its write permission (running as root?): "
          + "a read-only directory cannot be tested here");
    }
    return restore;
  }
}
