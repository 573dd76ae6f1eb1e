package dev.magnus.rollback.tck;

import static dev.magnus.rollback.tck.ReferenceFrames.CHECKPOINT;
import static dev.magnus.rollback.tck.ReferenceFrames.SEAL;
import static dev.magnus.rollback.tck.ReferenceFrames.TOMBSTONE;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.tck.ReferenceFrames.Header;
import dev.magnus.rollback.tck.ReferenceFrames.Parsed;
import dev.magnus.rollback.tck.ReferenceFrames.Status;
import dev.magnus.rollback.tck.ReferenceFrames.Tombstone;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately simple durable store for the TCK's own tests: an append-only log of
 * {@link ReferenceFrames frames} in numbered {@link ReferenceSegments segment files}.
 * Appends write a checkpoint frame, deletions a tombstone frame, into the newest segment. When a
 * frame would take the newest segment past {@code segmentBytes}, the log rolls: the next segment
 * is created (and the directory forced), then a seal frame naming it ends the old one. Session ids
 * live inside frames, never in file names. Everything read is kept in memory ({@link ReferenceStore}).
 *
 * <p>Open replays every segment in order and trusts nothing it cannot check. Only the newest
 * segment may end in an incomplete frame (a torn write, never acknowledged): it is cut off. Anything
 * else is corruption, counted and never served: a frame that fails its checks (the reader skips to
 * the next frame that passes every check <em>and</em> was written where it is found), an older
 * segment that does not end with its seal, a gap in the numbering, a newest segment whose seal says
 * a successor exists. When damage may have swallowed a tombstone (the next frame counts more
 * deletions than were read, or nothing follows the damage), no checkpoint read before it is served:
 * it may have been deleted. A store that found corruption takes no writes until repaired. An empty
 * newest segment after an unsealed one is a roll cut short by a crash and is deleted.
 *
 * <p>{@code force} turns the fsyncs on. The in-process contract runs turn them off to keep the build
 * fast on a shared disk; no in-process case can observe them. The crash test's child JVM, opened
 * through {@link DurableReferenceStoreFactory}, forces. Broken variants ({@link BrokenDurableStores})
 * override one hook each. Thread-safety: as {@link ReferenceStore}, one lock; open runs in the constructor.
 */
class DurableReferenceStore extends ReferenceStore {
  /** Segments that never roll: the whole log in one file. */
  static final long ONE_SEGMENT = Long.MAX_VALUE;
  /** The segment size the multi-file contract runs use: about two records of the corruption cases a file. */
  static final long SMALL_SEGMENTS = 2048;
  private final Path dir;
  private final boolean force;
  private final long segmentBytes;
  /** Checkpoints read so far on open, in log order. */
  private final Map<CheckpointId, CheckpointRecord> loaded = new LinkedHashMap<>();
  /** Ids a tombstone read on open named, in any order; broken variants misuse it. */
  final Set<CheckpointId> tombstonedOnOpen = new java.util.HashSet<>();
  /** What open found wrong; non-empty makes the store refuse writes. */
  private final List<String> problems = new ArrayList<>();
  private long damaged;
  private long withheld;
  /** Deletion frames in the log; the next frame records it. */
  private long deletions;
  private boolean damageSinceLastFrame;
  private long active = 1;
  private long activeSize;

  DurableReferenceStore(Path dir, boolean force) {
    this(dir, force, ONE_SEGMENT);
  }

  DurableReferenceStore(Path dir, boolean force, long segmentBytes) {
    this.dir = dir;
    this.force = force;
    this.segmentBytes = segmentBytes;
    try {
      load();
    } catch (IOException e) {
      throw new StoreException("cannot open " + dir, e);
    }
  }

  private Path segment(long number) {
    return ReferenceSegments.path(dir, number);
  }

  private void load() throws IOException {
    List<Path> all = new ArrayList<>(ReferenceSegments.list(dir));
    dropInterruptedRoll(all);
    long expected = 1;
    for (int i = 0; i < all.size(); i++) {
      Path file = all.get(i);
      long number = ReferenceSegments.number(file);
      boolean last = i == all.size() - 1;
      if (number != expected && checksNumbering()) {
        lost("segments " + expected + " to " + (number - 1) + " are missing");
      }
      expected = number + 1;
      finish(file, number, last, scan(file, number));
    }
    if (damageSinceLastFrame) {
      deletionsMayBeLost();
    }
    List<CheckpointRecord> records = List.copyOf(loaded.values());
    records.stream().filter(r -> accept(r, records)).forEach(this::index);
  }

  /** Delete an empty newest segment that follows an unsealed one: the crash hit between the two steps of a roll. */
  private void dropInterruptedRoll(List<Path> all) throws IOException {
    int n = all.size();
    if (n >= 2 && Files.size(all.get(n - 1)) == 0 && !ReferenceSegments.endsWithSeal(all.get(n - 2))) {
      Files.delete(all.remove(n - 1));
      forceDirectory();
    }
  }

  /** How a segment ended: where its last good frame ended, that frame's type, and what follows it. */
  private record Scan(int end, byte lastType, Status tail) {}

  /** Replay the frames of one segment, skipping damage to the next frame that passes every check. */
  private Scan scan(Path file, long number) {
    byte[] bytes = ReferenceSegments.read(file);
    byte lastType = 0;
    int at = 0;
    while (at < bytes.length) {
      Parsed p = read(bytes, at, number);
      if (p.status() == Status.VALID) {
        Header h = p.header().orElseThrow();
        replay(h, ReferenceFrames.body(bytes, h));
        lastType = h.type();
        at += h.length();
        continue;
      }
      int next = nextFrame(bytes, at, number);
      if (next < 0) {
        return new Scan(at, lastType, p.status());
      }
      lost(file.getFileName() + ": bytes " + at + " to " + next + " are damaged");
      at = next;
    }
    return new Scan(at, lastType, Status.VALID);
  }

  /** Apply the rules for the end of a segment: torn tail, damage, seals. */
  private void finish(Path file, long number, boolean last, Scan s) throws IOException {
    if (s.tail() != Status.VALID && isTornTail(last, s.tail())) {
      cut(file, s.end());
      if (last) {
        active = number;
        activeSize = s.end();
      }
      return;
    }
    if (s.tail() != Status.VALID) {
      lost(file.getFileName() + ": damaged from byte " + s.end() + " to its end");
    } else if (!last && s.lastType() != SEAL && checksSeals()) {
      lost(file.getFileName() + " ends at byte " + s.end() + " without its seal: it was cut short");
    } else if (last && s.lastType() == SEAL && checksNumbering()) {
      lost(file.getFileName() + " is sealed but the segment it rolled to is missing");
    }
    if (last) {
      active = number;
      activeSize = Files.size(file);
    }
  }

  /** Read the frame at {@code at}, VALID only if it passes every check; broken variants skip some. */
  private Parsed read(byte[] bytes, int at, long number) {
    Parsed p = ReferenceFrames.parse(bytes, at);
    if (p.status() != Status.VALID) {
      return p;
    }
    Header h = p.header().orElseThrow();
    if (!checksumMatches(bytes, h) || !bound(h, number, at) || !decodable(ReferenceFrames.body(bytes, h), h.type())) {
      return Parsed.BAD;
    }
    return p;
  }

  /** Find the next frame after damage at {@code from}, or -1; broken variants give up at once. */
  int nextFrame(byte[] bytes, int from, long number) {
    ByteBuffer view = ByteBuffer.wrap(bytes);
    for (int at = from + 1; at + ReferenceFrames.HEADER <= bytes.length; at++) {
      if (view.getInt(at) == ReferenceFrames.MAGIC && read(bytes, at, number).status() == Status.VALID) {
        return at;
      }
    }
    return -1;
  }

  private static boolean decodable(byte[] body, byte type) {
    try {
      if (type == CHECKPOINT) {
        ReferenceFrames.checkpoint(body);
      } else if (type == TOMBSTONE) {
        ReferenceFrames.tombstone(body);
      }
      return true;
    } catch (IOException | RuntimeException bad) {
      return false;
    }
  }

  private void replay(Header h, byte[] body) {
    if (h.deletionsBefore() > deletions) {
      deletionsMayBeLost();
    }
    damageSinceLastFrame = false;
    deletions = h.deletionsBefore();
    try {
      if (h.type() == CHECKPOINT) {
        CheckpointRecord r = ReferenceFrames.checkpoint(body);
        loaded.put(r.checkpoint().id(), r);
      } else if (h.type() == TOMBSTONE) {
        Tombstone t = ReferenceFrames.tombstone(body);
        tombstonedOnOpen.add(t.id());
        loaded.computeIfPresent(t.id(), (id, r) -> r.checkpoint().sessionId().equals(t.sessionId()) ? null : r);
        deletions++;
      }
    } catch (IOException e) {
      throw new IllegalStateException("a frame that passed its checks does not decode", e);
    }
  }

  /** Count one piece of damage, whose bytes may have held anything, deletions included. */
  private void lost(String what) {
    damaged++;
    problems.add(what);
    damageSinceLastFrame = true;
  }

  /** Withhold every checkpoint read so far: a lost tombstone may have deleted any of them. */
  void deletionsMayBeLost() {
    withheld += loaded.size();
    loaded.clear();
  }

  /** Tell whether bytes that end a segment badly are a torn write to cut; broken variants cut more. */
  boolean isTornTail(boolean last, Status tail) {
    return last && tail == Status.INCOMPLETE;
  }

  /** Cut a torn tail off; broken variants refuse to open instead. */
  void cut(Path file, long at) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(at);
      if (force) {
        ch.force(true);
      }
    }
  }

  /** Check a frame's body CRC; broken variants trust it. */
  boolean checksumMatches(byte[] bytes, Header h) {
    return ReferenceFrames.bodyIntact(bytes, h);
  }

  /** Check that a frame was written where it was found; broken variants accept any frame. */
  boolean bound(Header h, long number, int at) {
    return h.segment() == number && h.offset() == at;
  }

  /** Tell whether an older segment must end with its seal; broken variants trust a clean end. */
  boolean checksSeals() {
    return true;
  }

  /** Tell whether missing segments are looked for; broken variants do not. */
  boolean checksNumbering() {
    return true;
  }

  /** Decide whether a checkpoint read on open is served; broken variants drop some. */
  boolean accept(CheckpointRecord record, List<CheckpointRecord> all) {
    return true;
  }

  @Override
  void persist(CheckpointRecord record) {
    write(CHECKPOINT, ReferenceFrames.checkpointBody(record));
  }

  @Override
  void unpersist(CheckpointRecord record) {
    write(TOMBSTONE, ReferenceFrames.tombstoneBody(record.checkpoint().sessionId(), record.checkpoint().id()));
    deletions++;
  }

  private void write(byte type, byte[] body) {
    if (!problems.isEmpty()) {
      throw new StoreException("the store found corruption when it opened " + problems
          + "; it serves what it can and takes no writes until repaired");
    }
    try {
      if (activeSize > 0 && activeSize + ReferenceFrames.HEADER + body.length + ReferenceFrames.TRAILER
          + ReferenceFrames.SEAL_LENGTH > segmentBytes) {
        roll();
      }
      writeFrame(ReferenceFrames.frame(type, active, activeSize, deletions, body));
    } catch (IOException e) {
      throw new StoreException("cannot write to " + segment(active), e);
    }
  }

  /** Create the next segment, then seal the current one: a crash between the two leaves an empty newest segment. */
  private void roll() throws IOException {
    Files.createFile(segment(active + 1));
    forceDirectory();
    writeFrame(ReferenceFrames.frame(SEAL, active, activeSize, deletions, ReferenceFrames.sealBody(active + 1)));
    active++;
    activeSize = 0;
  }

  private void writeFrame(byte[] frame) throws IOException {
    boolean created = !Files.exists(segment(active));
    try (FileChannel ch = FileChannel.open(segment(active), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(frame);
      while (buffer.hasRemaining()) {
        ch.write(buffer, activeSize + buffer.position());
      }
      if (force) {
        ch.force(true);
      }
    }
    if (created) {
      forceDirectory();
    }
    activeSize += frame.length;
  }

  private void forceDirectory() throws IOException {
    if (!force) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  synchronized long corruptions() {
    return damaged + withheld;
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return Set.of(StoreCapability.DURABLE);
  }
}
