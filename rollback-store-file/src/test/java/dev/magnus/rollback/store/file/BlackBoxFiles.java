package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the black-box tests may know of a store directory: segment files are named
 * {@code segment-<20 digits>.log} and sort by name in write order; every other file is copied as is and
 * never interpreted. Also builds records with arbitrary payloads.
 */
final class BlackBoxFiles {
  private static final Pattern SEGMENT = Pattern.compile("segment-\\d{20}\\.log");

  private BlackBoxFiles() {}

  /** The live segment files of a store directory, in write order. */
  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** Copy every file (and sub-directory) of {@code from} into the new directory {@code to}. */
  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  /** Name, size and SHA-256 of every file under a directory, sorted by name. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String name = dir.relativize(p).toString();
        if (Files.isDirectory(p)) {
          out.put(name + "/", "dir");
        } else {
          byte[] bytes = Files.readAllBytes(p);
          out.put(name, bytes.length + " bytes sha256:" + HexFormat.of().formatHex(sha256(bytes)));
        }
      }
    }
    return out;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of {@code template}'s descriptor under another id, carrying {@code payload}. */
  static CheckpointRecord withPayload(CheckpointRecord template, CheckpointId id, byte[] payload) {
    Checkpoint c = template.checkpoint();
    return new CheckpointRecord(new Checkpoint(id, c.sessionId(), c.sequence(), c.parentId(), c.type(),
        c.description(), c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), payload.length * 2L + 1,
        payload.length, c.compression()), payload);
  }

  /** Where {@code needle} first occurs in {@code hay}, or -1. */
  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
