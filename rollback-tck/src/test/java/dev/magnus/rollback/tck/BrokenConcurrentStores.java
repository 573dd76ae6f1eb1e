package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deliberately broken stores whose index is an unsynchronized {@link HashMap} (and {@link ArrayList}):
 * correct on one thread, they lose entries or sizes when threads collide. The Concurrency group must
 * catch them in (nearly) every run, not now and then.
 */
final class BrokenConcurrentStores {
  private BrokenConcurrentStores() {}

  /**
   * The in-memory store's design (a bucket per session, guarded by its own monitor, and a store-wide
   * id index) with {@code HashMap} where it needs {@code ConcurrentHashMap}: creating sessions and
   * claiming ids race.
   */
  static final class PlainHashMapIndex implements CheckpointStore {
    private final Map<String, List<CheckpointRecord>> buckets = new HashMap<>();
    private final Map<CheckpointId, String> ids = new HashMap<>();
    private volatile boolean closed;

    @Override
    public void append(CheckpointRecord record) {
      ensureOpen();
      Checkpoint c = record.checkpoint();
      if (ids.putIfAbsent(c.id(), c.sessionId()) != null) {
        throw new CheckpointConflictException("id " + c.id() + " exists", c.sessionId(), c.id());
      }
      List<CheckpointRecord> bucket = buckets.computeIfAbsent(c.sessionId(), k -> new ArrayList<>());
      synchronized (bucket) {
        if (bucket.stream().anyMatch(r -> r.checkpoint().sequence() == c.sequence())) {
          ids.remove(c.id());
          throw new CheckpointConflictException("sequence " + c.sequence() + " exists", c.sessionId(), c.id());
        }
        bucket.add(record);
      }
    }

    private List<CheckpointRecord> snapshot(String sessionId) {
      SessionIds.require(sessionId);
      ensureOpen();
      List<CheckpointRecord> bucket = buckets.get(sessionId);
      if (bucket == null) {
        return List.of();
      }
      synchronized (bucket) {
        List<CheckpointRecord> copy = new ArrayList<>(bucket);
        copy.sort(Comparator.comparingLong(r -> r.checkpoint().sequence()));
        return copy;
      }
    }

    @Override
    public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      return snapshot(sessionId).stream().filter(r -> r.checkpoint().id().equals(id)).findFirst();
    }

    @Override
    public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      List<Checkpoint> all = new ArrayList<>(snapshot(sessionId).stream().map(CheckpointRecord::checkpoint)
          .filter(query::matches).toList());
      if (!query.ascending()) {
        java.util.Collections.reverse(all);
      }
      return new ArrayList<>(all.subList(0, Math.min(query.limit(), all.size())));
    }

    @Override
    public Optional<Checkpoint> latest(String sessionId) {
      List<CheckpointRecord> all = snapshot(sessionId);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).checkpoint());
    }

    @Override
    public int delete(String sessionId, Collection<CheckpointId> toDelete) {
      SessionIds.require(sessionId);
      ensureOpen();
      List<CheckpointRecord> bucket = buckets.get(sessionId);
      if (bucket == null) {
        return 0;
      }
      Set<CheckpointId> wanted = Set.copyOf(toDelete);
      synchronized (bucket) {
        List<CheckpointRecord> doomed = bucket.stream().filter(r -> wanted.contains(r.checkpoint().id())).toList();
        bucket.removeAll(doomed);
        doomed.forEach(r -> ids.remove(r.checkpoint().id()));
        if (bucket.isEmpty()) {
          buckets.remove(sessionId);
        }
        return doomed.size();
      }
    }

    @Override
    public int deleteSession(String sessionId) {
      return delete(sessionId, snapshot(sessionId).stream().map(r -> r.checkpoint().id()).toList());
    }

    @Override
    public Set<String> sessions() {
      ensureOpen();
      return Set.copyOf(buckets.keySet());
    }

    @Override
    public StoreStats stats() {
      ensureOpen();
      long bytes = buckets.keySet().stream().flatMap(s -> snapshot(s).stream()).mapToLong(CheckpointRecord::payloadLength)
          .sum();
      return new StoreStats(buckets.size(), ids.size(), bytes, 0, Map.of());
    }

    @Override
    public Set<StoreCapability> capabilities() {
      return Set.of();
    }

    @Override
    public void close() {
      closed = true;
    }

    private void ensureOpen() {
      if (closed) {
        throw new ClosedException("closed");
      }
    }
  }
}
