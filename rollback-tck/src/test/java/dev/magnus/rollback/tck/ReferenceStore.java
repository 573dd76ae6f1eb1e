package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately plain, correct store for the TCK's own tests: every method holds one lock, records are
 * kept as given (they are immutable). The broken variants in {@link BrokenStores} override one hook each.
 */
class ReferenceStore implements CheckpointStore {
  /** Records by session, then by sequence. Guarded by this. */
  final Map<String, NavigableMap<Long, CheckpointRecord>> sessions = new HashMap<>();
  /** Ids in use. Guarded by this. */
  final Map<CheckpointId, String> ids = new HashMap<>();
  private final long maxBytes;
  private long bytes;
  private boolean closed;

  ReferenceStore() {
    this(Long.MAX_VALUE);
  }

  ReferenceStore(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized void append(CheckpointRecord record) {
    ensureOpen();
    Checkpoint c = record.checkpoint();
    if (ids.containsKey(c.id()) || sequenceTaken(c)) {
      throw new CheckpointConflictException("conflict on " + c.id() + " / sequence " + c.sequence());
    }
    if (bytes + record.payloadLength() > maxBytes) {
      throw new StoreException("bound of " + maxBytes + " bytes reached");
    }
    persist(record);
    index(record);
  }

  /** Write the record durably before it becomes visible; the durable subclass writes a file. */
  void persist(CheckpointRecord record) {
    // in memory only
  }

  /** Forget a deleted record durably; the durable subclass deletes its file. */
  void unpersist(CheckpointRecord record) {
    // in memory only
  }

  /** Make a record visible, without conflict checks: for append and for loading on open. */
  final void index(CheckpointRecord record) {
    Checkpoint c = record.checkpoint();
    bytes += record.payloadLength();
    ids.put(c.id(), key(c.sessionId()));
    sessions.computeIfAbsent(key(c.sessionId()), k -> new TreeMap<>()).put(c.sequence(), record);
  }

  /** Tell whether the session already has the record's sequence; broken variants skip this. */
  boolean sequenceTaken(Checkpoint c) {
    NavigableMap<Long, CheckpointRecord> s = sessions.get(key(c.sessionId()));
    return s != null && s.containsKey(c.sequence());
  }

  /** Map a session id to its key; broken variants fold case. */
  String key(String sessionId) {
    return SessionIds.require(sessionId);
  }

  @Override
  public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    ensureOpen();
    return session(sessionId).values().stream().filter(r -> r.checkpoint().id().equals(id)).findFirst();
  }

  @Override
  public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    ensureOpen();
    NavigableMap<Long, CheckpointRecord> s = session(sessionId);
    List<Checkpoint> out = new ArrayList<>();
    for (CheckpointRecord r : query.ascending() ? s.values() : s.descendingMap().values()) {
      if (query.matches(r.checkpoint()) && out.size() < query.limit()) {
        out.add(r.checkpoint());
      }
    }
    return out;
  }

  @Override
  public synchronized Optional<Checkpoint> latest(String sessionId) {
    ensureOpen();
    var last = session(sessionId).lastEntry();
    return last == null ? Optional.empty() : Optional.of(last.getValue().checkpoint());
  }

  @Override
  public synchronized int delete(String sessionId, Collection<CheckpointId> toDelete) {
    ensureOpen();
    NavigableMap<Long, CheckpointRecord> s = session(sessionId);
    Set<CheckpointId> wanted = Set.copyOf(toDelete);
    List<CheckpointRecord> doomed = s.values().stream().filter(r -> wanted.contains(r.checkpoint().id())).toList();
    doomed.forEach(r -> remove(s, r));
    dropIfEmpty(sessionId);
    return doomed.size();
  }

  @Override
  public synchronized int deleteSession(String sessionId) {
    ensureOpen();
    NavigableMap<Long, CheckpointRecord> s = session(sessionId);
    int n = s.size();
    new ArrayList<>(s.values()).forEach(r -> remove(s, r));
    dropIfEmpty(sessionId);
    return n;
  }

  /** Remove one record; broken variants pretend. */
  void remove(NavigableMap<Long, CheckpointRecord> s, CheckpointRecord r) {
    unpersist(r);
    s.remove(r.checkpoint().sequence());
    ids.remove(r.checkpoint().id());
    bytes -= r.payloadLength();
  }

  private void dropIfEmpty(String sessionId) {
    NavigableMap<Long, CheckpointRecord> s = sessions.get(key(sessionId));
    if (s != null && s.isEmpty()) {
      sessions.remove(key(sessionId));
    }
  }

  private NavigableMap<Long, CheckpointRecord> session(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    return sessions.getOrDefault(key(sessionId), new TreeMap<>());
  }

  @Override
  public synchronized Set<String> sessions() {
    ensureOpen();
    Set<String> out = new java.util.HashSet<>();
    sessions.values().forEach(s -> out.add(s.firstEntry().getValue().checkpoint().sessionId()));
    return out;
  }

  @Override
  public synchronized StoreStats stats() {
    ensureOpen();
    long checkpoints = sessions.values().stream().mapToLong(Map::size).sum();
    return new StoreStats(sessions.size(), checkpoints, bytes, corruptions(), Map.of());
  }

  /** Count corrupt records found on open; the durable subclass counts them. */
  long corruptions() {
    return 0;
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return maxBytes == Long.MAX_VALUE ? Set.of() : Set.of(StoreCapability.BOUNDED_MEMORY);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  synchronized void ensureOpen() {
    if (closed) {
      throw new ClosedException("reference store is closed");
    }
  }
}
