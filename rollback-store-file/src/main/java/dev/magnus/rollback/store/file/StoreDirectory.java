package dev.magnus.rollback.store.file;

import dev.magnus.rollback.StoreException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Check a store directory before a store opens it, and turn what goes wrong into messages that name
 * the path and the fix.
 *
 * <p>Design: a path that is a file, a directory that cannot be read, a read-only directory opened for
 * writing and a missing directory opened read-only are refused before anything is touched. A
 * directory whose manifest names a live process that has the store open (same pid and same process
 * start time, so a reused pid does not count) is refused even if its {@code LOCK} file was deleted by
 * hand. Stateless.
 */
final class StoreDirectory {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private StoreDirectory() {}

  /** Refuse a path that cannot hold a store; create the directory for a writable open. */
  static void prepare(Settings s) throws IOException {
    Path dir = s.dir();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StoreException("the file store path " + dir.toAbsolutePath() + " is a file, not a directory: give "
          + "the store a directory (it is created if missing)");
    }
    if (!Files.exists(dir)) {
      if (s.readOnly()) {
        throw new StoreException("there is no file store at " + dir.toAbsolutePath() + " (no such directory): "
            + "check the path");
      }
      SegmentFiles.createDirectory(dir, s.groupAccess());
      return;
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw new StoreException("the file store directory " + dir.toAbsolutePath() + " cannot be read (permission "
          + "denied): run as its owner or fix its permissions");
    }
    if (!s.readOnly() && !Files.isWritable(dir)) {
      throw new StoreException("the file store directory " + dir.toAbsolutePath() + " is read-only: open it "
          + "read-only (FileStores.builder(dir).readOnly(), or the CLI's inspect and verify) or make it writable");
    }
  }

  /** Return the permissions of the {@code LOCK} file, or null where POSIX permissions do not apply. */
  static @Nullable Set<PosixFilePermission> lockPermissions(Settings s) {
    if (!POSIX) {
      return null;
    }
    return s.groupAccess() ? PosixFilePermissions.fromString("rw-r-----")
        : PosixFilePermissions.fromString("rw-------");
  }

  /** Refuse to open a directory whose manifest says a running process other than this one has it open. */
  static void refuseIfOpenElsewhere(Path dir) {
    Manifest m;
    try {
      m = Manifest.decode(Files.readAllBytes(dir.resolve(Manifest.NAME)));
    } catch (IOException e) {
      return; // no manifest, or a damaged one: recovery reports it; the OS lock is the guard then
    }
    if (m.ownerPid() == 0 || m.ownerPid() == ManifestFile.pid()) {
      return;
    }
    Optional<ProcessHandle> owner = ProcessHandle.of(m.ownerPid());
    boolean sameProcess = owner.isPresent() && owner.get().isAlive() && (m.ownerStart() < 0
        || owner.get().info().startInstant().map(i -> i.toEpochMilli() == m.ownerStart()).orElse(true));
    if (sameProcess) {
      throw DirectoryLock.held(dir, "process " + m.ownerPid() + ", which is still running (the manifest says it has "
          + "the store open; its " + DirectoryLock.NAME + " file may have been deleted by hand)");
    }
  }

  /** Turn a failure to open into a {@link StoreException} naming the path and the fix. */
  static StoreException openFailure(Settings s, Exception e) {
    if (e instanceof StoreException se) {
      return se;
    }
    String path = s.dir().toAbsolutePath().toString();
    String fix;
    if (e instanceof AccessDeniedException) {
      fix = "permission denied on " + ((AccessDeniedException) e).getFile() + ": run as the store's owner or fix "
          + "the permissions";
    } else if (e instanceof NoSuchFileException) {
      fix = "a file vanished while opening (" + ((NoSuchFileException) e).getFile() + "): is another program "
          + "changing the directory?";
    } else if (String.valueOf(e.getMessage()).contains("No space left")) {
      fix = "the disk is full: free space, then open the store again (nothing half-written is served)";
    } else {
      fix = "check that it is a readable and writable directory";
    }
    return new StoreException("could not open the file store in " + path + ": " + e + "; " + fix, e);
  }

  /** Count the quarantined originals ({@code *.corrupt*}) in a store directory. */
  static long countQuarantined(Path dir) throws IOException {
    long n = 0;
    try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SegmentFiles.CORRUPT + "*")) {
      for (Path ignored : files) {
        n++;
      }
    }
    return n;
  }
}
