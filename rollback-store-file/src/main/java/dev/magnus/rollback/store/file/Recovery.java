package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.store.file.Codec.Marker;
import dev.magnus.rollback.store.file.Codec.Seal;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.SegmentScanner.Item;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Rebuild the index from the segment files when a store opens, and find every kind of damage.
 *
 * <p>Design, in order of trust (FORMAT.md section 7 gives the reasons). (1) On a writable open,
 * delete {@code .tmp} files and finish or discard {@code .salvage} files. (2) Read the
 * {@link Manifest}: the list of segments that must exist and the seal figures of each sealed one.
 * A missing or damaged manifest is itself reported, and the files found are used. (3) Check every
 * segment, oldest first: a sealed one whose summary agrees byte for byte with it and whose checksum
 * matches its seal is indexed from the summary ({@link SummaryLoader}); any other is read record by
 * record, with each header CRC bound to its offset. Only the
 * newest segment, and only when it is unsealed (the store was not closed cleanly), may end in a torn
 * write: a bad record there with no valid record after it is cut off. Anything else that does not
 * match — a bad record elsewhere, a sealed segment whose length, record count or checksum differs
 * from its seal or manifest entry, a missing segment, a bad file header — is corruption: the lost
 * records are counted (from the seal figures) and named in {@link #damage}, the intact records are
 * kept, and on a writable open the segment is salvaged ({@link Salvage}) with the original kept as
 * {@code .corrupt}. (4) Replay the records in order into the index. (5) Where damage may have taken
 * deletion markers with it, deletions are not silently undone: the seal's summary of its markers'
 * deletions is applied when the seal survived; otherwise the live checkpoints that a lost marker
 * could have deleted (of the sessions the manifest names for that segment, in that segment or an
 * older one) are withheld, counted and reported, and on a writable open tombstoned.
 *
 * <p>A read-only open does all the checking and none of the writing: nothing is truncated, renamed,
 * deleted or created. Runs on the opening thread before the store is shared; not thread-safe.
 */
final class Recovery {
  private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

  private final SegmentFiles files;
  private final boolean readOnly;
  final CheckpointIndex index = new CheckpointIndex();
  final List<String> damage = new ArrayList<>();
  private final LostDeletions lostDeletions;
  /**
   * Checkpoints withheld because a lost marker may have deleted them: session to ids. A read-only open
   * removes them from the index; a writable one leaves them for the store to tombstone before use.
   */
  final Map<String, Set<CheckpointId>> withheld;
  long corruptions;
  long tornTails;
  long replayConflicts;
  long upgradedSegments;
  long salvagedSegments;
  @Nullable Manifest manifest;
  /** The running checksum of the newest segment, if it was read whole and may take appends. */
  @Nullable CRC32C newestCrc;
  /** True when the manifest on disk does not describe what this open found (a writable open rewrites it). */
  boolean manifestStale;
  private long lastSegmentId;
  /** The summaries of sealed segments: used, rejected, missing, and those to write. */
  final SummaryLoader summaries = new SummaryLoader();
  private Map<Long, java.util.Optional<SegmentScan>> preloaded = Map.of();

  Recovery(SegmentFiles files, boolean readOnly) {
    this.files = files;
    this.readOnly = readOnly;
    this.lostDeletions = new LostDeletions(index, readOnly, this::report);
    this.withheld = lostDeletions.withheld;
  }

  /** Run recovery. */
  void run() throws IOException {
    if (!readOnly) {
      SegmentListing.cleanUp(files);
    }
    TreeMap<Long, Path> onDisk = SegmentListing.segments(files.dir, readOnly);
    manifest = readManifest(onDisk);
    lastSegmentId = Math.max(onDisk.isEmpty() ? 0 : onDisk.lastKey(), manifest == null || manifest.segments()
        .isEmpty() ? 0 : manifest.segments().lastKey());
    Set<Long> ids = new TreeSet<>(onDisk.keySet());
    if (manifest != null) {
      ids.addAll(manifest.segments().keySet());
    }
    long newest = ids.isEmpty() ? 0 : ((TreeSet<Long>) ids).last();
    preloaded = summaries.preloadSealed(onDisk, ids, manifest);
    List<SegmentScan> scans = new ArrayList<>();
    for (long id : ids) {
      SegmentScan s = check(id, onDisk.get(id), manifest == null ? null : manifest.segments().get(id), id == newest);
      if (s != null) {
        scans.add(s);
        if (!s.fromSummary && s.seal != null && !s.damaged) {
          summaries.toWrite.add(id);
        }
      }
    }
    for (SegmentScan s : scans) {
      replay(s);
    }
    lostDeletions.withholdSuspects();
  }

  long lastSegmentId() {
    return lastSegmentId;
  }

  private Manifest readManifest(TreeMap<Long, Path> onDisk) throws IOException {
    Path file = files.dir.resolve(Manifest.NAME);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      if (!onDisk.isEmpty() && !SegmentListing.allVersion1(onDisk)) {
        report(1, "the manifest " + Manifest.NAME + " is missing although segments exist: a deleted segment or a "
            + "damaged seal cannot be recognised from it; the segments found are used");
      }
      manifestStale = true;
      return null;
    }
    try {
      return Manifest.decode(bytes);
    } catch (IOException e) {
      report(1, "the manifest " + Manifest.NAME + " is damaged (" + e.getMessage() + "); the segments found are used");
      manifestStale = true;
      return null;
    }
  }

  /** Check one segment; return null if it is missing or wholly unusable. */
  private SegmentScan check(long id, Path path, Manifest.Entry expected, boolean newest) throws IOException {
    if (path == null) {
      long lost = expected.sealed() ? expected.recordCount() : 1;
      report(lost, "segment " + SegmentFiles.name(id) + " is missing: " + (expected.sealed() ? lost + " record(s)"
          : "its records") + " lost");
      lostDeletions.suspect(id, expected, Long.MAX_VALUE);
      manifestStale = true;
      return null;
    }
    if (manifest != null && expected == null) {
      return orphan(id, path);
    }
    SegmentScan fast = !(expected != null && expected.sealed()) ? null
        : preloaded.containsKey(id) ? preloaded.get(id).orElse(null) : summaries.tryLoad(id, path, expected);
    if (fast != null) {
      return fast;
    }
    SegmentScan s = new SegmentScan(id, path, expected);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      s.fileSize = ch.size();
      if (!readHeader(s, ch)) {
        return null;
      }
      scanRecords(s, ch, newest && (expected == null || !expected.sealed()));
    }
    judge(s);
    if (s.damaged && !readOnly) {
      new Salvage(files).rewrite(s.path, s.header, s.items, true);
      salvagedSegments++;
      manifestStale = true;
      return rescan(s);
    }
    if (s.header.version() == Format.VERSION_1 && !readOnly) {
      new Salvage(files).rewrite(s.path, s.header, s.items, false);
      upgradedSegments++;
      manifestStale = true;
      return rescan(s);
    }
    return s;
  }

  /** A file the manifest does not list: an unfinished roll (empty) or an unfinished deletion. */
  private SegmentScan orphan(long id, Path path) throws IOException {
    boolean emptyRoll = id > manifest.segments().lastKey() && Files.size(path) <= Format.FILE_HEADER_SIZE;
    if (id > (manifest.segments().isEmpty() ? 0 : manifest.segments().lastKey()) && !emptyRoll) {
      SegmentScan s = new SegmentScan(id, path, null);
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        s.fileSize = ch.size();
        if (!readHeader(s, ch)) {
          return null;
        }
        scanRecords(s, ch, true);
      }
      manifestStale = true;
      return s;
    }
    LOG.log(Level.INFO, "{0} is not in the manifest: the remains of an interrupted {1}; {2}", path.getFileName(),
        emptyRoll ? "segment roll" : "segment deletion", readOnly ? "ignored (read-only)" : "deleting it");
    if (!readOnly) {
      files.delete(path);
    }
    return null;
  }

  private SegmentScan rescan(SegmentScan damagedScan) throws IOException {
    SegmentScan s = new SegmentScan(damagedScan.id, damagedScan.path, damagedScan.expected);
    s.salvaged = damagedScan.damaged;
    s.foundSeal = damagedScan.foundSeal;
    s.intactBeforeLoss = damagedScan.intactBeforeLoss;
    try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
      s.fileSize = ch.size();
      if (!readHeader(s, ch)) {
        throw new IOException("segment " + s.path.getFileName() + " is damaged again right after its salvage");
      }
      scanRecords(s, ch, false);
    }
    if (s.damaged || s.seal == null) {
      throw new IOException("segment " + s.path.getFileName() + " is damaged again right after its salvage");
    }
    s.foundSeal = damagedScan.foundSeal; // the original's seal, not the salvage's: it knows the lost markers
    return s;
  }

  private boolean readHeader(SegmentScan s, FileChannel ch) throws IOException {
    try {
      s.header = Format.checkFileHeader(Segment.readFully(ch, 0, (int) Math.min(s.fileSize, Format.FILE_HEADER_SIZE)));
      if (s.header.id() != s.id) {
        throw new BadRecordException("file header names segment " + s.header.id());
      }
      return true;
    } catch (Format.NewerFormatException e) {
      throw new IOException(s.path.getFileName() + ": " + e.getMessage(), e); // not damage: refuse the open
    } catch (BadRecordException | IOException e) {
      long lost = s.expected != null && s.expected.sealed() ? s.expected.recordCount() : 1;
      report(lost, "segment " + s.path.getFileName() + " has a bad file header (" + e.getMessage() + "): none of its "
          + "records can be trusted; " + (readOnly ? "left in place (read-only)" : "quarantined as "
          + SegmentFiles.CORRUPT));
      lostDeletions.suspect(s.id, s.expected, Long.MAX_VALUE);
      manifestStale = true;
      if (!readOnly) {
        Salvage.quarantine(files, s.path, s.id);
      }
      return false;
    }
  }

  /** Read records in order; the running checksum covers what was read before any damage. */
  private void scanRecords(SegmentScan s, FileChannel ch, boolean mayBeTorn) throws IOException {
    SegmentScanner scanner = new SegmentScanner((o, n) -> Segment.readFully(ch, o, n), s.header, s.fileSize);
    CRC32C crc = new CRC32C();
    crc.update(Segment.readFully(ch, 0, s.header.size()));
    long offset = s.header.size();
    while (offset >= 0) {
      try {
        Item item = scanner.next(offset);
        if (item == null) {
          break;
        }
        take(s, item, crc);
        offset += item.length();
      } catch (BadRecordException e) {
        long next = scanner.nextValid(offset);
        if (next < 0 && mayBeTorn && !s.damaged) {
          tornTail(s, offset, e.getMessage());
          break;
        }
        s.damaged = true;
        s.noteLoss(ch, offset);
        LOG.log(Level.ERROR, "damaged record in {0} at offset {1}: {2}", s.path.getFileName(), offset, e.getMessage());
        offset = next;
      }
    }
    finishScan(s, offset, crc);
  }

  /** Take one checked record: a seal is checked against what precedes it, anything else is kept. */
  private static void take(SegmentScan s, Item item, CRC32C crc) {
    if (item.decoded() instanceof Seal seal) {
      s.foundSeal = seal;
      boolean matches = !s.damaged && seal.recordsEnd() == item.offset() && seal.segmentCrc() == (int) crc.getValue()
          && seal.recordCount() == s.records() && item.offset() + item.length() == s.fileSize;
      if (matches) {
        s.seal = seal;
      } else {
        s.damaged = true;
      }
      return;
    }
    if (!s.damaged) {
      crc.update(item.raw().duplicate());
    }
    s.items.add(new Item(item.offset(), item.header(), item.decoded(), null));
  }

  private static void finishScan(SegmentScan s, long offset, CRC32C crc) {
    s.end = s.damaged || offset < 0 ? s.fileSize : Math.min(offset, s.fileSize);
    s.crc = (int) crc.getValue();
    s.running = crc;
  }

  private void tornTail(SegmentScan s, long offset, String reason) throws IOException {
    tornTails++;
    LOG.log(Level.WARNING, "torn tail in {0}: {1} bytes at offset {2} ({3}); they were never acknowledged under "
        + "fsync=always; {4}", s.path.getFileName(), s.fileSize - offset, offset, reason,
        readOnly ? "left in place (read-only)" : "cutting them");
    if (!readOnly) {
      try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.WRITE)) {
        ch.truncate(offset);
        ch.force(true);
      }
      s.fileSize = offset;
    }
    s.end = offset;
  }

  /** Compare a checked segment with its seal and manifest entry; count and report what is lost. */
  private void judge(SegmentScan s) {
    Manifest.Entry e = s.expected;
    boolean compactedAhead = e != null && e.sealed() && s.seal != null && !s.damaged
        && s.header.generation() == e.generation() + 1;
    boolean matches = e == null || !e.sealed() || compactedAhead || (s.seal != null && e.length() == s.fileSize
        && e.recordCount() == s.records() && e.segmentCrc() == s.seal.segmentCrc());
    if (!s.damaged && matches) {
      return;
    }
    long expectedRecords = e != null && e.sealed() ? e.recordCount() : s.seal != null ? s.seal.recordCount()
        : s.foundSeal != null ? s.foundSeal.recordCount() : -1;
    long lost = expectedRecords >= 0 ? Math.max(1, expectedRecords - s.records()) : 1;
    if (expectedRecords < 0 ? s.firstUnknownLoss < 0 && s.knownLostCheckpoints == 0
        : expectedRecords - s.records() > s.knownLostCheckpoints) {
      s.unknownLossAt(s.end); // records are missing beyond what damaged headers account for: at the end
    }
    s.damaged = true;
    report(lost, "segment " + s.path.getFileName() + " does not match its seal" + (e != null && e.sealed()
        ? " (manifest: " + e.recordCount() + " records, " + e.length() + " bytes; found " + s.records()
        + " intact records, " + s.fileSize + " bytes)" : "") + ": " + (expectedRecords >= 0 ? lost
        : "at least 1") + " record(s) lost; the intact records are kept" + (readOnly ? " (read-only: not repaired)"
        : ", the original is kept as " + SegmentFiles.CORRUPT));
  }

  private void report(long lost, String message) {
    corruptions += lost;
    damage.add(message);
    LOG.log(Level.ERROR, "file store in {0}: {1}", files.dir, message);
  }

  private void replay(SegmentScan s) throws IOException {
    Segment seg = new Segment(s.id, s.path, s.header, s.fileSize);
    seg.sealed = s.seal != null;
    seg.recordsEnd = s.seal != null ? s.seal.recordsEnd() : s.end;
    newestCrc = s.damaged || s.header.version() == Format.VERSION_1 ? null : s.running;
    seg.recordCount = s.records();
    seg.crc = s.seal != null ? s.seal.segmentCrc() : s.crc;
    index.putSegment(seg);
    for (Item item : s.items) {
      replayOne(seg, item);
    }
    if ((s.damaged || s.salvaged) && s.intactBeforeLoss >= 0) {
      if (s.foundSeal != null) {
        lostDeletions.applySeal(seg, s.foundSeal);
      } else {
        long bound = s.intactBeforeLoss < s.items.size() ? s.items.get(s.intactBeforeLoss).offset() : Long.MAX_VALUE;
        lostDeletions.suspect(s.id, s.expected, bound);
      }
    }
  }

  private void replayOne(Segment s, Item item) {
    if (item.decoded() instanceof Checkpoint c) {
      CheckpointIndex.Entry e = new CheckpointIndex.Entry(c, s, item.offset(), item.length());
      if ((item.header().flags() & Format.MOVED) != 0 && index.relocate(e)) {
        return;
      }
      if (!index.add(e)) {
        replayConflicts++;
        LOG.log(Level.WARNING, "{0} at offset {1} repeats checkpoint {2} (session ''{3}'', sequence {4}); the first "
            + "one is kept", s, item.offset(), c.id(), c.sessionId(), c.sequence());
      }
    } else if (item.decoded() instanceof Marker m) {
      if (m.wholeSession()) {
        index.removeSession(m.sessionId());
      } else {
        m.ids().forEach(id -> index.remove(m.sessionId(), id));
      }
      s.noteMarker(m, item.offset(), item.length());
    }
  }
}
