package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.Codec.Marker;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Reclaim space: delete segments that hold nothing live and rewrite segments that are mostly dead.
 *
 * <p>Design: a segment other than the active one is <em>dead</em> when none of its checkpoints is
 * live and none of its markers points at another existing segment; it is deleted and the directory
 * forced. A segment whose live checkpoint bytes are under half of its record bytes is
 * <em>compacted</em>: its live checkpoints and the markers that still have something to kill are
 * copied, in their original order and byte for byte, to {@code <name>.tmp}; the copy is forced,
 * renamed over the segment, and the directory forced. The copy keeps the segment id, so the order
 * of records across segments, which replay depends on, never changes. Until the rename the old file
 * is intact; after it the new file holds every live record; so a crash at any step loses nothing
 * (recovery deletes a leftover {@code .tmp}). A marker is dropped only when every segment it points
 * at (other than its own) is gone, so a dead record can never come back.
 *
 * <p>Runs only on the thread leading the {@link GroupCommitWriter}, one at a time, so it never races
 * an append; it swaps the segment's channel and the entries' offsets under the index write lock, so
 * readers see either the old file or the new one.
 */
final class Compactor {
  private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

  private final SegmentFiles files;
  private final CheckpointIndex index;
  private final ReadWriteLock lock;
  volatile long compactions;
  volatile long deletedSegments;

  Compactor(SegmentFiles files, CheckpointIndex index, ReadWriteLock lock) {
    this.files = files;
    this.index = index;
    this.lock = lock;
  }

  /** Delete dead segments, then compact mostly-dead ones; {@code active} is left alone. */
  void run(Segment active) throws IOException {
    for (Segment dead = dead(active); dead != null; dead = dead(active)) {
      delete(dead);
    }
    for (Segment s : List.copyOf(segments())) {
      if (s != active && 2 * (s.liveBytes + s.markerBytes) < s.size - Format.FILE_HEADER_SIZE) {
        compact(s);
      }
    }
  }

  private List<Segment> segments() {
    lock.readLock().lock();
    try {
      return List.copyOf(index.segments.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  private Segment dead(Segment active) {
    lock.readLock().lock();
    try {
      return index.deadSegment(active);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void delete(Segment s) throws IOException {
    files.delete(s.path);
    lock.writeLock().lock();
    try {
      index.segments.remove(s.id);
    } finally {
      lock.writeLock().unlock();
    }
    s.channel.close();
    deletedSegments++;
    LOG.log(Level.DEBUG, "deleted dead segment {0}", s);
  }

  /** Rewrite one segment with its live records only. */
  void compact(Segment s) throws IOException {
    Path temp = files.sibling(s.id, SegmentFiles.TEMP);
    Map<Long, Long> moved = new HashMap<>();
    Set<Long> targets = new HashSet<>();
    long markers = 0;
    Set<Long> liveOffsets = liveOffsets(s);
    FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Segment.writeFully(out, Format.fileHeader(s.id), 0);
      long written = Format.FILE_HEADER_SIZE;
      SegmentScanner scanner = new SegmentScanner(s.channel, s.size);
      for (Item item = scanner.next(written); item != null; item = scanner.next(item.offset() + item.length())) {
        boolean keep;
        if (item.decoded() instanceof Marker m) {
          keep = markerNeeded(s, m);
          if (keep) {
            targets.addAll(m.targets());
            markers += item.length();
          }
        } else {
          keep = liveOffsets.contains(item.offset());
        }
        if (keep) {
          moved.put(item.offset(), written);
          Segment.writeFully(out, item.raw(), written);
          written += item.length();
        }
      }
      files.hook.at(Step.COMPACT_TEMP_WRITTEN);
      out.force(true);
      files.hook.at(Step.COMPACT_TEMP_FORCED);
      files.replace(temp, s.path, Step.COMPACT_RENAMED);
      swap(s, out, written, moved, targets, markers);
      compactions++;
    } catch (BadRecordException e) {
      out.close();
      throw new IOException("segment " + s + " failed its checks during compaction: " + e.getMessage()
          + "; reopen the store to quarantine it");
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private Set<Long> liveOffsets(Segment s) {
    lock.readLock().lock();
    try {
      Set<Long> result = new HashSet<>();
      index.entriesIn(s).forEach(e -> result.add(e.offset));
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }

  private boolean markerNeeded(Segment s, Marker m) {
    lock.readLock().lock();
    try {
      return index.markerNeeded(s, m.targets());
    } finally {
      lock.readLock().unlock();
    }
  }

  private void swap(Segment s, FileChannel out, long size, Map<Long, Long> moved, Set<Long> targets, long markers)
      throws IOException {
    FileChannel old;
    lock.writeLock().lock();
    try {
      for (Entry e : index.entriesIn(s)) {
        e.offset = moved.get(e.offset);
      }
      old = s.channel;
      s.channel = out;
      s.size = size;
      s.markerTargets.clear();
      s.markerTargets.addAll(targets);
      s.markerBytes = markers;
    } finally {
      lock.writeLock().unlock();
    }
    old.close();
  }
}
