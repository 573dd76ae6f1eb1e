package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Hold the in-memory view of the store: live descriptors with their place on disk, the segments, and
 * the appends in flight.
 *
 * <p>Design: {@link #sessions} maps each session to its sequence-ordered entries and {@link #ids}
 * maps every live id to its entry; an {@link Entry} names the segment and offset of its record, so a
 * read costs one positional read. Appends in flight are <em>reserved</em> ({@link #reserve}) before
 * they are queued, so a conflicting append fails at once and never reaches the disk; the leading
 * writer turns a reservation into an entry only after the record is durable, so readers never see
 * an unacknowledged checkpoint. Adding and removing entries keeps each segment's liveness figures.
 * Not thread-safe: every method runs under the store's read or write lock.
 */
final class CheckpointIndex {
  /** One live checkpoint and where its record lies. */
  static final class Entry {
    final Checkpoint checkpoint;
    Segment segment;
    long offset;
    final int length;

    Entry(Checkpoint checkpoint, Segment segment, long offset, int length) {
      this.checkpoint = checkpoint;
      this.segment = segment;
      this.offset = offset;
      this.length = length;
    }
  }

  private final Map<String, TreeMap<Long, Entry>> sessions = new HashMap<>();
  private final Map<CheckpointId, Entry> ids = new HashMap<>();
  private final Set<CheckpointId> pendingIds = new HashSet<>();
  private final Map<String, Set<Long>> pendingSequences = new HashMap<>();
  /** The segments by id; changed only through {@link #putSegment}, {@link #removeSegment}. */
  final TreeMap<Long, Segment> segments = new TreeMap<>();
  /**
   * Counts changes to the set of segments and to their generations, the only things besides a segment's
   * own markers that decide which of its markers are needed ({@link #markerNeeded}).
   */
  private long segmentsVersion;
  private long payloadBytes;

  void reserve(Checkpoint c) {
    Entry byId = ids.get(c.id());
    if (byId != null || pendingIds.contains(c.id())) {
      String owner = byId != null ? byId.checkpoint.sessionId() : "an append in flight";
      throw new CheckpointConflictException("checkpoint id " + c.id() + " already exists (session '" + owner
          + "'): generate a new id", c.sessionId(), c.id());
    }
    Entry bySeq = sessions.getOrDefault(c.sessionId(), new TreeMap<>()).get(c.sequence());
    if (bySeq != null || pendingSequences.getOrDefault(c.sessionId(), Set.of()).contains(c.sequence())) {
      throw new CheckpointConflictException("session '" + c.sessionId() + "' already has sequence " + c.sequence()
          + (bySeq != null ? " (checkpoint " + bySeq.checkpoint.id() + ")" : " (an append in flight)")
          + ": another writer appended first; reload the session", c.sessionId(), c.id());
    }
    pendingIds.add(c.id());
    pendingSequences.computeIfAbsent(c.sessionId(), k -> new HashSet<>()).add(c.sequence());
  }

  void release(Checkpoint c) {
    pendingIds.remove(c.id());
    Set<Long> seqs = pendingSequences.get(c.sessionId());
    if (seqs != null && seqs.remove(c.sequence()) && seqs.isEmpty()) {
      pendingSequences.remove(c.sessionId());
    }
  }

  /** Add a live entry; false (and nothing changes) if its id or (session, sequence) is taken. */
  boolean add(Entry e) {
    Checkpoint c = e.checkpoint;
    TreeMap<Long, Entry> bySeq = sessions.computeIfAbsent(c.sessionId(), k -> new TreeMap<>());
    if (ids.containsKey(c.id()) || bySeq.containsKey(c.sequence())) {
      return false;
    }
    bySeq.put(c.sequence(), e);
    ids.put(c.id(), e);
    e.segment.liveRecords++;
    e.segment.liveBytes += e.length;
    payloadBytes += c.storedSize();
    return true;
  }

  /** Remove a live checkpoint of a session; null if there is none. */
  @Nullable Entry remove(String sessionId, CheckpointId id) {
    Entry e = get(sessionId, id);
    if (e == null) {
      return null;
    }
    ids.remove(id);
    TreeMap<Long, Entry> bySeq = sessions.get(sessionId);
    bySeq.remove(e.checkpoint.sequence());
    if (bySeq.isEmpty()) {
      sessions.remove(sessionId);
    }
    e.segment.liveRecords--;
    e.segment.liveBytes -= e.length;
    payloadBytes -= e.checkpoint.storedSize();
    return e;
  }

  int removeSession(String sessionId) {
    TreeMap<Long, Entry> bySeq = sessions.get(sessionId);
    if (bySeq == null) {
      return 0;
    }
    List<Entry> all = new ArrayList<>(bySeq.values());
    all.forEach(e -> remove(sessionId, e.checkpoint.id()));
    return all.size();
  }

  @Nullable Entry get(String sessionId, CheckpointId id) {
    Entry e = ids.get(id);
    return e != null && e.checkpoint.sessionId().equals(sessionId) ? e : null;
  }

  List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    List<Checkpoint> result = new ArrayList<>();
    TreeMap<Long, Entry> bySeq = sessions.get(sessionId);
    if (bySeq == null) {
      return result;
    }
    NavigableMap<Long, Entry> range = bySeq.subMap(query.fromSequence(), true, query.toSequence(), true);
    for (Entry e : query.ascending() ? range.values() : range.descendingMap().values()) {
      if (query.matches(e.checkpoint)) {
        result.add(e.checkpoint);
        if (result.size() == query.limit()) {
          break;
        }
      }
    }
    return result;
  }

  Optional<Checkpoint> latest(String sessionId) {
    TreeMap<Long, Entry> bySeq = sessions.get(sessionId);
    return bySeq == null ? Optional.empty() : Optional.of(bySeq.lastEntry().getValue().checkpoint);
  }

  boolean hasSession(String sessionId) {
    return sessions.containsKey(sessionId);
  }

  Set<String> sessionIds() {
    return Set.copyOf(sessions.keySet());
  }

  /** Return the segments holding live records of a session. */
  Set<Long> segmentsOf(String sessionId) {
    Set<Long> result = new TreeSet<>();
    sessions.getOrDefault(sessionId, new TreeMap<>()).values().forEach(e -> result.add(e.segment.id));
    return result;
  }

  /** Return the live entries stored in one segment, in file order. */
  List<Entry> entriesIn(Segment segment) {
    List<Entry> result = new ArrayList<>();
    ids.values().stream().filter(e -> e.segment == segment).forEach(result::add);
    result.sort((a, b) -> Long.compare(a.offset, b.offset));
    return result;
  }

  /**
   * Tell whether a marker of segment {@code own} pointing at these segments may still have something
   * to kill: a target other than its own segment exists in the generation the marker saw (a
   * compaction since then dropped every record the marker deleted).
   */
  boolean markerNeeded(Segment own, List<Codec.Target> targets) {
    for (Codec.Target t : targets) {
      Segment s = segments.get(t.segment());
      if (t.segment() != own.id && s != null && s.header.generation() == t.generation()) {
        return true;
      }
    }
    return false;
  }

  /** Add a segment (a roll, or one found at open). */
  void putSegment(Segment s) {
    segments.put(s.id, s);
    segmentsVersion++;
  }

  /** Drop a deleted segment. */
  void removeSegment(long id) {
    segments.remove(id);
    segmentsVersion++;
  }

  /** Note that a segment was rewritten under a new generation (its markers noted again). */
  void segmentRewritten() {
    segmentsVersion++;
  }

  /**
   * Return the bytes of the markers of {@code s} that are still needed. The answer is kept on the
   * segment and reused while neither the segment set (and generations) nor the segment's markers have
   * changed: space reclamation asks after every batch that deleted something, and each segment may
   * hold one marker per append. A kept answer can only be too high, never too low: a sealed segment's
   * markers stop being needed as their targets go, and no marker becomes needed again.
   */
  long neededMarkerBytes(Segment s) {
    if (s.neededVersion == segmentsVersion && s.neededMarkers == s.markers.size()) {
      return s.neededBytes;
    }
    long bytes = 0;
    for (Segment.MarkerInfo m : s.markers) {
      if (markerNeeded(s, m.targets())) {
        bytes += m.length();
      }
    }
    s.neededVersion = segmentsVersion;
    s.neededMarkers = s.markers.size();
    s.neededBytes = bytes;
    return bytes;
  }

  /** Return a segment, other than {@code active}, that holds nothing live or needed; null if none. */
  @Nullable Segment deadSegment(@Nullable Segment active) {
    for (Segment s : segments.values()) {
      if (s != active && s.liveRecords == 0 && neededMarkerBytes(s) == 0) {
        return s;
      }
    }
    return null;
  }

  /**
   * Move a live entry to the place of a copy compaction wrote forward (same id, same sequence);
   * false if no such entry is live.
   */
  boolean relocate(Entry moved) {
    Entry e = ids.get(moved.checkpoint.id());
    if (e == null || !e.checkpoint.equals(moved.checkpoint)) {
      return false;
    }
    e.segment.liveRecords--;
    e.segment.liveBytes -= e.length;
    e.segment = moved.segment;
    e.offset = moved.offset;
    e.segment.liveRecords++;
    e.segment.liveBytes += e.length;
    return true;
  }

  long checkpoints() {
    return ids.size();
  }

  long sessionCount() {
    return sessions.size();
  }

  long payloadBytes() {
    return payloadBytes;
  }
}
