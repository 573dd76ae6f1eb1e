package dev.magnus.rollback.store.file;

import dev.magnus.rollback.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keep other stores, in this process or another, off a store directory for the store's lifetime.
 *
 * <p>Design: an exclusive {@link FileLock} on the file {@code LOCK}, which then holds the owner's
 * process id. The operating system drops the lock when the owner dies, so a crash never leaves a
 * stale lock behind. Because POSIX releases every lock a process holds on a file when <em>any</em>
 * channel of that process to the file closes, a store in the same JVM must never open {@code LOCK}
 * while another holds it: {@link #HELD}, a process-wide registry keyed by the directory's real path,
 * turns such an attempt into an error before the file is touched. Thread-safe.
 */
final class DirectoryLock implements AutoCloseable {
  static final String NAME = "LOCK";
  private static final ConcurrentHashMap<Path, DirectoryLock> HELD = new ConcurrentHashMap<>();
  private static final long PID = ProcessHandle.current().pid();

  private final Path dir;
  private @Nullable FileChannel channel;
  private @Nullable FileLock lock;

  private DirectoryLock(Path dir) {
    this.dir = dir;
  }

  /**
   * Lock a directory.
   *
   * @throws StoreException naming the directory and the holder's pid if another store holds it
   */
  static DirectoryLock acquire(Path directory, boolean readOnly, @Nullable Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = directory.toRealPath();
    DirectoryLock candidate = new DirectoryLock(dir);
    if (HELD.putIfAbsent(dir, candidate) != null) {
      throw held(directory, "another open store in this process (pid " + PID + ")");
    }
    try {
      if (readOnly) {
        candidate.lockShared(directory);
      } else {
        candidate.lockFile(directory, permissions);
      }
      return candidate;
    } catch (IOException | RuntimeException e) {
      HELD.remove(dir, candidate);
      throw e;
    }
  }

  /** Take a shared lock on {@code LOCK} if it exists, so that a writer elsewhere makes this open fail. */
  private void lockShared(Path directory) throws IOException {
    Path file = dir.resolve(NAME);
    if (Files.exists(file)) {
      take(directory, FileChannel.open(file, StandardOpenOption.READ), true);
    }
  }

  /** Take the exclusive lock on {@code LOCK} (creating it) and record this process's id in it. */
  private void lockFile(Path directory, @Nullable Set<PosixFilePermission> permissions) throws IOException {
    Path file = dir.resolve(NAME);
    take(directory, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), false);
    FileChannel ch = java.util.Objects.requireNonNull(channel);
    try {
      if (permissions != null) {
        Files.setPosixFilePermissions(file, permissions);
      }
      ch.truncate(0);
      Segment.writeFully(ch, ByteBuffer.wrap((PID + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      ch.close();
      channel = null;
      lock = null;
      throw e;
    }
  }

  /** Try the lock on an open channel; on any failure close the channel and say who holds the lock. */
  private void take(Path directory, FileChannel ch, boolean shared) throws IOException {
    try {
      FileLock l = ch.tryLock(0, Long.MAX_VALUE, shared);
      if (l == null) {
        throw held(directory, "process " + holder(ch) + (shared ? ", which has it open for writing" : ""));
      }
      channel = ch;
      lock = l;
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw held(directory, "another open store in this process (pid " + PID + ")");
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static String holder(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(32);
    ch.read(b, 0);
    String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    return text.matches("\\d+") ? text : "with an unknown pid";
  }

  static StoreException held(Path directory, String holder) {
    return new StoreException("the file store directory " + directory.toAbsolutePath() + " is locked by " + holder
        + ": close that store first, or open another directory");
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } finally {
      HELD.remove(dir, this);
    }
  }
}
