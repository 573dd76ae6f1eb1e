package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.Format.SegmentHeader;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Name, create, replace and delete the store's files, forcing the directory after each change.
 *
 * <p>Design: a live segment is {@code segment-<20-digit id>.log}. New files are born as
 * {@code <name>.tmp}, written, forced, then renamed into place (an atomic rename) and the directory
 * is forced, so a {@code .log} file always has a complete header and a crash leaves at most a
 * {@code .tmp} that recovery deletes. {@code .salvage} files are recovery's rewrites of a damaged
 * segment and {@code .corrupt} files are quarantined originals (see FORMAT.md). On a POSIX file
 * system every file is created {@code rw-------} (or {@code rw-r-----} with group access) and the
 * directory {@code rwx------} ({@code rwxr-x---}): session state is personal data. Stateless apart from
 * the directory, permissions and hook; used by one thread at a time.
 */
final class SegmentFiles {
  static final String TEMP = ".tmp";
  static final String SALVAGE = ".salvage";
  static final String CORRUPT = ".corrupt";
  private static final Pattern LIVE = Pattern.compile("segment-(\\d{20})\\.log");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  final Path dir;
  final StoreHook hook;
  private final Set<PosixFilePermission> filePermissions;

  SegmentFiles(Path dir, StoreHook hook, boolean groupAccess) {
    this.dir = dir;
    this.hook = hook;
    this.filePermissions = groupAccess ? PosixFilePermissions.fromString("rw-r-----")
        : PosixFilePermissions.fromString("rw-------");
  }

  static String name(long id) {
    return String.format("segment-%020d.log", id);
  }

  /** Return the segment id of a live segment file name, or -1. */
  static long idOf(Path file) {
    Matcher m = LIVE.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Return the directory permissions that go with {@code groupAccess}. */
  static Set<PosixFilePermission> directoryPermissions(boolean groupAccess) {
    return groupAccess ? PosixFilePermissions.fromString("rwxr-x---") : PosixFilePermissions.fromString("rwx------");
  }

  /** Create the directory (and missing parents) with the store's permissions where they apply. */
  static void createDirectory(Path dir, boolean groupAccess) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.toAbsolutePath().getParent() != null) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
    }
    if (POSIX) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(directoryPermissions(groupAccess)));
      Files.setPosixFilePermissions(dir, directoryPermissions(groupAccess)); // the umask may have masked bits
    } else {
      Files.createDirectory(dir);
    }
  }

  Path live(long id) {
    return dir.resolve(name(id));
  }

  Path sibling(long id, String suffix) {
    return dir.resolve(name(id) + suffix);
  }

  /** Open a new file (replacing a leftover of the same name) for writing, with the store's permissions. */
  FileChannel openNewFile(Path file) throws IOException {
    Files.deleteIfExists(file);
    if (!POSIX) {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(filePermissions);
    FileChannel ch = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE), attr);
    Files.setPosixFilePermissions(file, filePermissions); // the umask may have masked bits
    return ch;
  }

  /**
   * Create an empty segment through temp file, force, rename and directory force.
   *
   * @return the open write channel of the new segment
   */
  FileChannel create(SegmentHeader header) throws IOException {
    Path temp = sibling(header.id(), TEMP);
    return headerThenRename(openNewFile(temp), temp, header, true);
  }

  /**
   * Turn a zero-filled, forced file ({@link SegmentPreparer}) into a new segment: the header written
   * over its first zeros and forced (data only: the file's size and blocks are already on disk), then
   * the rename and the directory force of {@link #create}. The zeros after the header are the
   * segment's preallocated tail (format version 3).
   *
   * @return the open write channel of the new segment
   */
  FileChannel createFrom(Path prepared, SegmentHeader header) throws IOException {
    return headerThenRename(FileChannel.open(prepared, StandardOpenOption.READ, StandardOpenOption.WRITE), prepared,
        header, false);
  }

  /** Write the header at the start of {@code ch}, force it, rename {@code temp} into place, force the directory. */
  private FileChannel headerThenRename(FileChannel ch, Path temp, SegmentHeader header, boolean metadata)
      throws IOException {
    try {
      Segment.writeFully(ch, Format.fileHeader(header), 0);
      hook.at(Step.ROLL_TEMP_WRITTEN);
      ch.force(metadata);
      hook.at(Step.ROLL_TEMP_FORCED);
      Files.move(temp, live(header.id()), StandardCopyOption.ATOMIC_MOVE);
      hook.at(Step.ROLL_RENAMED);
      forceDirectory();
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Atomically replace {@code target} with the forced file {@code source}, then force the directory. */
  void replace(Path source, Path target, Step renamed) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    hook.at(renamed);
    forceDirectory();
  }

  /** Delete a file and force the directory. */
  void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    hook.at(Step.SEGMENT_DELETED);
    forceDirectory();
  }

  /** Force the directory entry changes (creates, renames, deletes) to disk. */
  void forceDirectory() throws IOException {
    uninterrupted(() -> {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException e) {
        if (e instanceof ClosedByInterruptException
            || !System.getProperty("os.name", "").startsWith("Windows")) {
          throw e;
        }
        // Windows cannot open a directory as a channel; its renames are durable on their own
      }
      return null;
    });
  }

  /** One idempotent I/O step. */
  interface IoStep<T> {
    T run() throws IOException;
  }

  /**
   * Run an idempotent I/O step so that the calling thread's interrupts cannot fail it: the interrupt
   * flag is cleared for the step and set again afterwards, and a step that an interrupt still cut
   * short (its channel closed) is run again on {@link IoRescue}'s thread, which nobody interrupts. The writer runs on callers'
   * threads, so without this one caller's interrupt would fail every append of the batch it leads.
   */
  static <T> T uninterrupted(IoStep<T> step) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      try {
        return step.run();
      } catch (ClosedByInterruptException e) {
        interrupted |= Thread.interrupted();
        return IoRescue.run(step);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
