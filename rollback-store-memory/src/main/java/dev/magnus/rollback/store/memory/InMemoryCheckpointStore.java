package dev.magnus.rollback.store.memory;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep checkpoints in memory.
 *
 * <p>Design: one {@link Bucket} per session holds a sequence-ordered map guarded by the bucket's
 * monitor, so sessions never contend with each other. A store-wide id index makes ids unique across
 * sessions: an append first claims its id in the index ({@code putIfAbsent}), then its sequence in
 * the bucket, and releases the id if the sequence is taken, so a conflicting append changes nothing.
 * Payload bytes are reserved with a CAS loop on {@link #bytes} before anything is stored, which
 * enforces {@code maxMemoryBytes} without a global lock. Records are immutable and copy their
 * payload in and out, so callers can never reach stored bytes.
 */
final class InMemoryCheckpointStore implements CheckpointStore {
  private final long maxBytes;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CheckpointId, String> ids = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean closed;

  InMemoryCheckpointStore(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** One session's checkpoints, by sequence. Guarded by its own monitor. */
  private static final class Bucket {
    final NavigableMap<Long, CheckpointRecord> bySequence = new TreeMap<>();
    final Map<CheckpointId, Long> sequenceOf = new HashMap<>();
  }

  @Override
  public void append(CheckpointRecord record) {
    Objects.requireNonNull(record, "record");
    ensureOpen();
    Checkpoint c = record.checkpoint();
    reserve(c, record.payloadLength());
    String owner = ids.putIfAbsent(c.id(), c.sessionId());
    if (owner != null) {
      bytes.addAndGet(-record.payloadLength());
      throw new CheckpointConflictException("checkpoint id " + c.id() + " already exists (session '" + owner
          + "'): generate a new id", c.sessionId(), c.id());
    }
    try {
      insert(c, record);
    } catch (RuntimeException e) {
      ids.remove(c.id());
      bytes.addAndGet(-record.payloadLength());
      throw e;
    }
  }

  private void insert(Checkpoint c, CheckpointRecord record) {
    while (true) {
      Bucket bucket = buckets.computeIfAbsent(c.sessionId(), k -> new Bucket());
      synchronized (bucket) {
        if (buckets.get(c.sessionId()) != bucket) {
          continue; // the bucket was emptied and dropped meanwhile; take the new one
        }
        CheckpointRecord existing = bucket.bySequence.get(c.sequence());
        if (existing != null) {
          throw new CheckpointConflictException("session '" + c.sessionId() + "' already has sequence " + c.sequence()
              + " (checkpoint " + existing.checkpoint().id() + "): another writer appended first; reload the session",
              c.sessionId(), c.id());
        }
        bucket.bySequence.put(c.sequence(), record);
        bucket.sequenceOf.put(c.id(), c.sequence());
        return;
      }
    }
  }

  private void reserve(Checkpoint c, int length) {
    long now;
    do {
      now = bytes.get();
      if (now + length > maxBytes) {
        throw new StoreException("memory store is full: it holds " + now + " payload bytes and checkpoint " + c.id()
            + " of session '" + c.sessionId() + "' needs " + length + " more, over storage.maxMemoryBytes=" + maxBytes
            + "; raise the bound, lower checkpoint.maxCheckpoints, or use a durable store", c.sessionId(), c.id());
      }
    } while (!bytes.compareAndSet(now, now + length));
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(id, "id");
    ensureOpen();
    Bucket bucket = buckets.get(sessionId);
    if (bucket == null) {
      return Optional.empty();
    }
    synchronized (bucket) {
      Long sequence = bucket.sequenceOf.get(id);
      return sequence == null ? Optional.empty() : Optional.of(bucket.bySequence.get(sequence));
    }
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(query, "query");
    ensureOpen();
    Bucket bucket = buckets.get(sessionId);
    List<Checkpoint> result = new ArrayList<>();
    if (bucket == null) {
      return result;
    }
    synchronized (bucket) {
      NavigableMap<Long, CheckpointRecord> range =
          bucket.bySequence.subMap(query.fromSequence(), true, query.toSequence(), true);
      for (CheckpointRecord r : query.ascending() ? range.values() : range.descendingMap().values()) {
        if (query.matches(r.checkpoint())) {
          result.add(r.checkpoint());
          if (result.size() == query.limit()) {
            break;
          }
        }
      }
    }
    return result;
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    SessionIds.require(sessionId);
    ensureOpen();
    Bucket bucket = buckets.get(sessionId);
    if (bucket == null) {
      return Optional.empty();
    }
    synchronized (bucket) {
      Map.Entry<Long, CheckpointRecord> last = bucket.bySequence.lastEntry();
      return last == null ? Optional.empty() : Optional.of(last.getValue().checkpoint());
    }
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> toDelete) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(toDelete, "ids");
    ensureOpen();
    Bucket bucket = buckets.get(sessionId);
    if (bucket == null || toDelete.isEmpty()) {
      return 0;
    }
    Set<CheckpointId> wanted = Set.copyOf(toDelete);
    int deleted = 0;
    synchronized (bucket) {
      var it = bucket.bySequence.values().iterator();
      while (it.hasNext()) {
        CheckpointRecord r = it.next();
        if (wanted.contains(r.checkpoint().id())) {
          it.remove();
          bucket.sequenceOf.remove(r.checkpoint().id());
          release(r);
          deleted++;
        }
      }
      if (bucket.bySequence.isEmpty()) {
        buckets.remove(sessionId, bucket);
      }
    }
    return deleted;
  }

  @Override
  public int deleteSession(String sessionId) {
    SessionIds.require(sessionId);
    ensureOpen();
    Bucket bucket = buckets.get(sessionId);
    if (bucket == null) {
      return 0;
    }
    synchronized (bucket) {
      int n = bucket.bySequence.size();
      bucket.bySequence.values().forEach(this::release);
      bucket.bySequence.clear();
      bucket.sequenceOf.clear();
      buckets.remove(sessionId, bucket);
      return n;
    }
  }

  private void release(CheckpointRecord r) {
    ids.remove(r.checkpoint().id());
    bytes.addAndGet(-r.payloadLength());
  }

  @Override
  public Set<String> sessions() {
    ensureOpen();
    return Set.copyOf(buckets.keySet());
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    return new StoreStats(buckets.size(), ids.size(), bytes.get(), 0, Map.of("maxMemoryBytes", maxBytes));
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return Set.of(StoreCapability.BOUNDED_MEMORY);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("the memory store is closed: create a new store");
    }
  }
}
