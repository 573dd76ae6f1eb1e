package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.CheckpointIndex.Entry;
import dev.magnus.rollback.store.file.Codec.Marker;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Reclaim space so that disk use and file count follow the live data: delete dead segments, rewrite
 * mostly-dead ones, and carry the live records of small or mostly-dead segments forward.
 *
 * <p>Design: a segment other than the active one is <em>dead</em> when none of its checkpoints is
 * live and none of its markers is still needed (a marker is needed while a segment it points at
 * exists in the generation the marker saw: once that segment was compacted, the records the marker
 * deleted are gone). A dead segment is first dropped from the manifest, then deleted. A segment whose
 * live checkpoints and needed markers fill less than half of it, or that is small (under a quarter of
 * {@code segmentBytes}), and that holds no needed marker, has its live checkpoints <em>carried
 * forward</em>: copied to the end of the active segment with the {@link Format#MOVED} flag, forced,
 * and then the old segment is deleted. Replay treats a moved copy of a live checkpoint as the same
 * checkpoint at a new place, so a crash between the two steps loses and duplicates nothing. Markers
 * are never carried forward (that would reorder them after later appends of the same id); a
 * mostly-dead segment that still holds needed markers is <em>rewritten in place</em> instead: its
 * live checkpoints and needed markers, in their original order, go to {@code <name>.tmp} under the
 * next generation and a fresh salt, sealed, forced, renamed over the segment, and the manifest is
 * written after the rename (recovery accepts a segment one generation ahead of its manifest entry).
 *
 * <p>Runs only on the thread leading the {@link GroupCommitWriter}, one at a time, so it never races
 * an append; it swaps offsets and segment figures under the index write lock, so readers see either
 * the old file or the new one.
 */
final class Compactor {
  private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

  private final Settings settings;
  private final SegmentFiles files;
  private final CheckpointIndex index;
  private final ReadWriteLock lock;
  private final ActiveSegment active;
  private final ReadChannels readers;
  private final BatchWriter writer;
  volatile long compactions;
  volatile long deletedSegments;
  volatile long movedRecords;

  Compactor(Settings settings, SegmentFiles files, CheckpointIndex index, ReadWriteLock lock, ActiveSegment active,
      ReadChannels readers, BatchWriter writer) {
    this.settings = settings;
    this.files = files;
    this.index = index;
    this.lock = lock;
    this.active = active;
    this.readers = readers;
    this.writer = writer;
  }

  /** Delete dead segments, carry small or mostly-dead ones forward, rewrite the rest that are mostly dead. */
  void run() throws IOException {
    deleteDead();
    for (Segment s : segments()) {
      if (s == active.segment() || !s.sealed || !index.segments.containsKey(s.id)) {
        continue;
      }
      long needed;
      long live;
      lock.readLock().lock();
      try {
        needed = index.neededMarkerBytes(s);
        live = s.liveBytes;
      } finally {
        lock.readLock().unlock();
      }
      long body = s.recordsEnd - s.header.size();
      boolean mostlyDead = 2 * (live + needed) < body;
      if (needed == 0 && live > 0 && (mostlyDead || s.size < settings.segmentBytes() / 4)) {
        carryForward(s);
      } else if (mostlyDead && live + needed > 0) {
        rewrite(s);
      }
    }
    deleteDead();
  }

  private List<Segment> segments() {
    lock.readLock().lock();
    try {
      return List.copyOf(index.segments.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  private void deleteDead() throws IOException {
    while (true) {
      Segment dead;
      lock.readLock().lock();
      try {
        dead = index.deadSegment(active.segment());
      } finally {
        lock.readLock().unlock();
      }
      if (dead == null) {
        return;
      }
      delete(dead);
    }
  }

  private void delete(Segment s) throws IOException {
    active.writeManifestWithout(s);
    lock.writeLock().lock();
    try {
      index.removeSegment(s.id);
    } finally {
      lock.writeLock().unlock();
    }
    files.delete(s.path);
    SegmentSummary.delete(s.path);
    readers.evict(s.path);
    deletedSegments++;
    LOG.log(Level.DEBUG, "deleted dead segment {0}", s);
  }

  /** Copy the live checkpoints of {@code s} to the end of the active segment, then delete {@code s}. */
  private void carryForward(Segment s) throws IOException {
    List<Entry> entries = liveEntries(s);
    List<ByteBuffer> raws = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      ByteBuffer raw = readers.read(s.path, e.offset, e.length);
      checkRecord(s, e.offset, raw);
      raws.add(raw);
    }
    Segment target = active.forWrite();
    long start = target.size;
    List<ByteBuffer> framed = new ArrayList<>(raws.size());
    long at = start;
    for (ByteBuffer raw : raws) {
      ByteBuffer f = Format.reframe(raw, target.header, at, Format.MOVED);
      framed.add(f);
      at += f.remaining();
    }
    try {
      long end = writer.writeRecords(framed, start);
      active.force();
      active.committed(framed, end);
    } catch (IOException | RuntimeException e) {
      active.abandon(start, e);
      throw e;
    }
    lock.writeLock().lock();
    try {
      long offset = start;
      for (int i = 0; i < entries.size(); i++) {
        index.relocate(new Entry(entries.get(i).checkpoint, target, offset, entries.get(i).length));
        offset += framed.get(i).remaining();
      }
    } finally {
      lock.writeLock().unlock();
    }
    movedRecords += entries.size();
    deleteDead();
  }

  private List<Entry> liveEntries(Segment s) {
    lock.readLock().lock();
    try {
      return index.entriesIn(s);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void checkRecord(Segment s, long offset, ByteBuffer raw) throws IOException {
    try {
      Format.Header h = Format.parseHeader(s.header, offset, raw);
      Format.checkPayload(h, raw.duplicate().position(Format.RECORD_HEADER_SIZE));
    } catch (BadRecordException e) {
      throw new IOException("segment " + s + " failed its checks at offset " + offset + " during compaction: "
          + e.getMessage() + "; reopen the store to quarantine it");
    }
  }

  /** Rewrite one segment in place with its live checkpoints and needed markers, under the next generation. */
  void rewrite(Segment s) throws IOException {
    Set<Long> liveOffsets = new HashSet<>();
    liveEntries(s).forEach(e -> liveOffsets.add(e.offset));
    List<Item> kept = new ArrayList<>();
    SegmentScanner scanner = new SegmentScanner((o, n) -> readers.read(s.path, o, n), s.header, s.recordsEnd);
    try {
      for (Item item = scanner.next(s.header.size()); item != null; item = scanner.next(item.offset() + item.length())) {
        if (item.decoded() instanceof Marker m ? markerNeeded(s, m) : liveOffsets.contains(item.offset())) {
          kept.add(item);
        }
      }
    } catch (BadRecordException e) {
      throw new IOException("segment " + s + " failed its checks during compaction: " + e.getMessage()
          + "; reopen the store to quarantine it");
    }
    SegmentHeader next = new SegmentHeader(s.id, Salvage.newSalt(), s.header.generation() + 1, Format.VERSION);
    Path temp = files.sibling(s.id, SegmentFiles.TEMP);
    Map<Long, Long> moved = new HashMap<>();
    Salvage.Written w = SegmentFiles.uninterrupted(() -> Salvage.write(files, temp, next, kept, Item::raw, moved));
    files.hook.at(Step.COMPACT_TEMP_WRITTEN);
    files.hook.at(Step.COMPACT_TEMP_FORCED);
    files.replace(temp, s.path, Step.COMPACT_RENAMED);
    swap(s, next, w, kept, moved);
    SegmentSummary.writeQuietly(files, s);
    compactions++;
    active.writeManifest();
  }

  private boolean markerNeeded(Segment s, Marker m) {
    lock.readLock().lock();
    try {
      return index.markerNeeded(s, m.targets());
    } finally {
      lock.readLock().unlock();
    }
  }

  private void swap(Segment s, SegmentHeader next, Salvage.Written w, List<Item> kept, Map<Long, Long> moved) {
    lock.writeLock().lock();
    try {
      for (Entry e : index.entriesIn(s)) {
        e.offset = moved.get(e.offset);
      }
      readers.evict(s.path); // under the lock: no reader may read the new file through the old file's channel
      s.header = next;
      index.segmentRewritten();
      s.size = w.length();
      s.recordsEnd = w.recordsEnd();
      s.crc = w.crc();
      s.recordCount = w.records();
      s.markers.clear();
      s.markerBytes = 0;
      s.markerSessions = new HashSet<>();
      s.deletions.clear();
      for (Item item : kept) {
        if (item.decoded() instanceof Marker m) {
          s.noteMarker(m, moved.get(item.offset()), item.length());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
