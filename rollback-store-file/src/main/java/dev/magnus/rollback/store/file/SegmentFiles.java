package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Name, create, replace and delete segment files, forcing the directory after each change.
 *
 * <p>Design: a live segment is {@code segment-<20-digit id>.log}. New files are born as
 * {@code <name>.tmp}, written, forced, then renamed into place (an atomic rename) and the directory
 * is forced, so a {@code .log} file always has a complete header and a crash leaves at most a
 * {@code .tmp} that recovery deletes. {@code .salvage} files are recovery's rewrites of a damaged
 * segment and {@code .corrupt} files are quarantined originals (see FORMAT.md). Stateless apart from
 * the directory and hook; used by one thread at a time.
 */
final class SegmentFiles {
  static final String TEMP = ".tmp";
  static final String SALVAGE = ".salvage";
  static final String CORRUPT = ".corrupt";
  private static final Pattern LIVE = Pattern.compile("segment-(\\d{20})\\.log");

  final Path dir;
  final StoreHook hook;

  SegmentFiles(Path dir, StoreHook hook) {
    this.dir = dir;
    this.hook = hook;
  }

  static String name(long id) {
    return String.format("segment-%020d.log", id);
  }

  /** Return the segment id of a live segment file name, or -1. */
  static long idOf(Path file) {
    Matcher m = LIVE.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  Path live(long id) {
    return dir.resolve(name(id));
  }

  Path sibling(long id, String suffix) {
    return dir.resolve(name(id) + suffix);
  }

  /** Create an empty segment through temp file, force, rename and directory force. */
  Segment create(long id) throws IOException {
    Path temp = sibling(id, TEMP);
    FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Segment.writeFully(ch, Format.fileHeader(id), 0);
      hook.at(Step.ROLL_TEMP_WRITTEN);
      ch.force(true);
      hook.at(Step.ROLL_TEMP_FORCED);
      Files.move(temp, live(id), StandardCopyOption.ATOMIC_MOVE);
      hook.at(Step.ROLL_RENAMED);
      forceDirectory();
      return new Segment(id, live(id), ch, Format.FILE_HEADER_SIZE);
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
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      if (System.getProperty("os.name", "").startsWith("Windows")) {
        return; // Windows cannot open a directory as a channel; its renames are durable on their own
      }
      throw e;
    }
  }
}
