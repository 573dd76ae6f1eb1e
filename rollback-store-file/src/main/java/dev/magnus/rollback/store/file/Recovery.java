package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.store.file.Codec.Marker;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rebuild the index from the segment files when a store opens, repairing what a crash left behind.
 *
 * <p>Design, in order: (1) delete {@code .tmp} files (unfinished rolls and compactions; the file they
 * were to replace is still in place); finish or discard {@code .salvage} files (see below).
 * (2) Check every segment, oldest first. A bad record with no valid record after it in the same
 * file is a torn tail: the file is truncated at the bad record and forced. A bad record (or a bad
 * file header) followed by a valid record is corruption: it is logged, counted, and the segment is
 * salvaged: every record that passes its checks, before and after the damage, is copied in order
 * into {@code <name>.salvage}, which is forced; then the original is renamed to
 * {@code <name>.corrupt} (kept, never read again) and the salvage file renamed into its place,
 * forcing the directory after each rename. (3) Replay the records of every segment in order into the
 * index: checkpoints add entries, tombstones and session deletes remove them.
 *
 * <p>Every step is idempotent and a crash during any of them is repaired by the next open: a
 * {@code .salvage} whose {@code .log} still exists was not finished and is deleted (the salvage is
 * redone); one whose {@code .log} is gone was forced before the first rename and is renamed into
 * place. Runs on the opening thread before the store is shared; not thread-safe.
 */
final class Recovery {
  private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

  private final SegmentFiles files;
  final CheckpointIndex index = new CheckpointIndex();
  long corruptions;
  long tornTails;
  long replayConflicts;

  Recovery(SegmentFiles files) {
    this.files = files;
  }

  /** Run recovery; on failure every opened channel is closed. */
  void run() throws IOException {
    try {
      TreeMap<Long, Path> live = cleanUp();
      for (var e : live.entrySet()) {
        Segment s = load(e.getKey(), e.getValue());
        index.segments.put(s.id, s);
      }
    } catch (IOException | RuntimeException e) {
      for (Segment s : index.segments.values()) {
        s.channel.close();
      }
      throw e;
    }
  }

  private TreeMap<Long, Path> cleanUp() throws IOException {
    TreeMap<Long, Path> live = new TreeMap<>();
    List<Path> salvages = new ArrayList<>();
    boolean changed = false;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.dir, "segment-*")) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.endsWith(SegmentFiles.TEMP)) {
          Files.delete(p);
          changed = true;
        } else if (name.endsWith(SegmentFiles.SALVAGE)) {
          salvages.add(p);
        } else if (SegmentFiles.idOf(p) >= 0) {
          live.put(SegmentFiles.idOf(p), p);
        }
      }
    }
    for (Path p : salvages) {
      changed = true;
      Path target = files.dir.resolve(p.getFileName().toString().replace(SegmentFiles.SALVAGE, ""));
      if (Files.exists(target)) {
        Files.delete(p);
      } else {
        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
        live.put(SegmentFiles.idOf(target), target);
        LOG.log(Level.WARNING, "finished the salvage of {0} interrupted by a crash", target.getFileName());
      }
    }
    if (changed) {
      files.forceDirectory();
    }
    return live;
  }

  private Segment load(long id, Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      List<Item> items = check(id, path, ch);
      if (items == null) {
        ch.close();
        ch = salvage(id, path);
        items = check(id, path, ch);
        if (items == null) {
          throw new IOException("segment " + path.getFileName() + " is still damaged after its salvage");
        }
      }
      Segment s = new Segment(id, path, ch, ch.size());
      items.forEach(item -> replay(s, item));
      return s;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Check a segment; truncate a torn tail; return its records, or null if it is corrupt. */
  private List<Item> check(long id, Path path, FileChannel ch) throws IOException {
    long size = ch.size();
    SegmentScanner scanner = new SegmentScanner(ch, size);
    try {
      long headerId = Format.checkFileHeader(Segment.readFully(ch, 0, (int) Math.min(size, Format.FILE_HEADER_SIZE)));
      if (headerId != id) {
        throw new BadRecordException("file header names segment " + headerId);
      }
    } catch (BadRecordException | IOException e) {
      corruption(path, 0, e.getMessage());
      return null;
    }
    List<Item> items = new ArrayList<>();
    long offset = Format.FILE_HEADER_SIZE;
    while (true) {
      try {
        Item item = scanner.next(offset);
        if (item == null) {
          return items;
        }
        items.add(item.withoutPayload());
        offset += item.length();
      } catch (BadRecordException e) {
        if (scanner.nextValid(offset) >= 0) {
          corruption(path, offset, e.getMessage());
          return null;
        }
        tornTail(path, ch, offset, size, e.getMessage());
        return items;
      }
    }
  }

  private void corruption(Path path, long offset, String reason) {
    corruptions++;
    LOG.log(Level.ERROR, "corrupt record in {0} at offset {1}: {2}; salvaging its valid records and keeping the "
        + "original as {0}{3}", path.getFileName(), offset, reason, SegmentFiles.CORRUPT);
  }

  private void tornTail(Path path, FileChannel ch, long offset, long size, String reason) throws IOException {
    tornTails++;
    LOG.log(Level.WARNING, "torn tail in {0}: cutting {1} bytes at offset {2} ({3}); they were never acknowledged "
        + "under fsync=always", path.getFileName(), size - offset, offset, reason);
    ch.truncate(offset);
    ch.force(true);
  }

  /** Copy every valid record of a damaged segment into a clean file that takes its place. */
  private FileChannel salvage(long id, Path path) throws IOException {
    Path temp = files.sibling(id, SegmentFiles.SALVAGE);
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      long size = in.size();
      SegmentScanner scanner = new SegmentScanner(in, size);
      Segment.writeFully(out, Format.fileHeader(id), 0);
      long written = Format.FILE_HEADER_SIZE;
      long offset = Format.FILE_HEADER_SIZE;
      while (offset >= 0 && offset < size) {
        try {
          Item item = scanner.next(offset);
          Segment.writeFully(out, item.raw(), written);
          written += item.length();
          offset += item.length();
        } catch (BadRecordException e) {
          offset = scanner.nextValid(offset);
        }
      }
      out.force(true);
    }
    Files.move(path, quarantineName(id), StandardCopyOption.ATOMIC_MOVE);
    files.forceDirectory();
    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
    files.forceDirectory();
    return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private Path quarantineName(long id) {
    Path p = files.sibling(id, SegmentFiles.CORRUPT);
    for (int n = 2; Files.exists(p); n++) {
      p = files.sibling(id, SegmentFiles.CORRUPT + "-" + n);
    }
    return p;
  }

  private void replay(Segment s, Item item) {
    if (item.decoded() instanceof Checkpoint c) {
      if (!index.add(new CheckpointIndex.Entry(c, s, item.offset(), item.length()))) {
        replayConflicts++;
        LOG.log(Level.WARNING, "{0} at offset {1} repeats checkpoint {2} (session ''{3}'', sequence {4}); the first "
            + "one is kept", s, item.offset(), c.id(), c.sessionId(), c.sequence());
      }
    } else {
      Marker m = (Marker) item.decoded();
      if (m.wholeSession()) {
        index.removeSession(m.sessionId());
      } else {
        m.ids().forEach(id -> index.remove(m.sessionId(), id));
      }
      s.markerBytes += item.length();
      s.markerTargets.addAll(m.targets());
    }
  }
}
