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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep checkpoints in memory.
 *
 * <p>Design: one {@link Bucket} per session holds its records sorted by sequence ({@link SequenceIndex})
 * guarded by the bucket's monitor, so sessions never contend with each other. A store-wide id index
 * (id to record) makes ids unique across sessions: an append first claims its id in the index
 * ({@code putIfAbsent}), then its sequence in the bucket, and releases the id if the sequence is taken,
 * so a conflicting append changes nothing. A read by id finds the record in the index and returns it
 * only if the bucket holds it, under the bucket's monitor, so it never sees an append that has not
 * claimed its sequence or a record already deleted. A delete finds its records the same way (id, then
 * sequence), so it costs what it deletes, not the session's length.
 * Payload bytes are reserved with a CAS loop on {@link #bytes} before anything is stored, which
 * enforces {@code maxMemoryBytes} without a global lock. Records are immutable and copy their
 * payload in and out, so callers can never reach stored bytes.
 */
final class InMemoryCheckpointStore implements CheckpointStore {
  private final long maxBytes;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CheckpointId, CheckpointRecord> ids = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private volatile boolean closed;

  InMemoryCheckpointStore(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** One session's checkpoints, by sequence. Guarded by its own monitor. */
  private static final class Bucket {
    final SequenceIndex bySequence = new SequenceIndex();
  }

  @Override
  public void append(CheckpointRecord record) {
    Objects.requireNonNull(record, "record");
    ensureOpen();
    Checkpoint c = record.checkpoint();
    reserve(c, record.payloadLength());
    CheckpointRecord owner = ids.putIfAbsent(c.id(), record);
    if (owner != null) {
      bytes.addAndGet(-record.payloadLength());
      throw new CheckpointConflictException("checkpoint id " + c.id() + " already exists (session '"
          + owner.checkpoint().sessionId() + "'): generate a new id", c.sessionId(), c.id());
    }
    try {
      insert(c, record);
    } catch (RuntimeException e) {
      ids.remove(c.id(), record);
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
        bucket.bySequence.add(record);
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
      int at = position(bucket.bySequence, sessionId, id);
      return at >= 0 ? Optional.of(bucket.bySequence.at(at)) : Optional.empty();
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
      SequenceIndex index = bucket.bySequence;
      int first = index.ceiling(query.fromSequence());
      int last = query.toSequence() == Long.MAX_VALUE ? index.size() - 1 : index.ceiling(query.toSequence() + 1) - 1;
      for (int n = first; n <= last && result.size() < query.limit(); n++) {
        Checkpoint c = index.at(query.ascending() ? n : first + last - n).checkpoint();
        if (query.matches(c)) {
          result.add(c);
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
      int size = bucket.bySequence.size();
      return size == 0 ? Optional.empty() : Optional.of(bucket.bySequence.at(size - 1).checkpoint());
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
    synchronized (bucket) {
      int deleted = bucket.bySequence.removeAt(positions(bucket.bySequence, sessionId, wanted), this::release);
      if (bucket.bySequence.size() == 0) {
        buckets.remove(sessionId, bucket);
      }
      return deleted;
    }
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
      int n = bucket.bySequence.clear(this::release);
      buckets.remove(sessionId, bucket);
      return n;
    }
  }

  /**
   * The positions in {@code index} (the session's, its monitor held) of the wanted records, ascending, so
   * a deletion reads what it deletes, not the whole session.
   */
  private int[] positions(SequenceIndex index, String sessionId, Set<CheckpointId> wanted) {
    int[] at = new int[wanted.size()];
    int n = 0;
    for (CheckpointId id : wanted) {
      int i = position(index, sessionId, id);
      if (i >= 0) {
        at[n++] = i;
      }
    }
    int[] sorted = java.util.Arrays.copyOf(at, n);
    java.util.Arrays.sort(sorted);
    return sorted;
  }

  /**
   * The position in {@code index} (the session's, its monitor held) of the record with this id, or -1: found
   * through {@code ids} (every record in a bucket is there, since an append claims its id first) and then
   * its sequence; an id whose append has not reached the bucket yet, or that belongs to another session, is
   * not found.
   */
  private int position(SequenceIndex index, String sessionId, CheckpointId id) {
    CheckpointRecord r = ids.get(id);
    if (r == null || !r.checkpoint().sessionId().equals(sessionId)) {
      return -1;
    }
    int at = index.indexOf(r.checkpoint().sequence());
    return at >= 0 && index.at(at) == r ? at : -1;
  }

  private void release(CheckpointRecord r) {
    ids.remove(r.checkpoint().id(), r);
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
