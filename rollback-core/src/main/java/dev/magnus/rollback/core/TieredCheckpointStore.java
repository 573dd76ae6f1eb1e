package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keep recent checkpoints in a fast tier and move the oldest to a durable tier above a byte bound
 * ({@code storage.spillover}).
 *
 * <p>Design. Appends go to the memory tier; {@link #residents} indexes what it holds, oldest id
 * first (ids are time-ordered), and {@link #memoryBytes} sums their payloads. After an append that
 * takes the sum above {@code maxMemoryBytes}, the appending thread spills: under {@link #spillLock}
 * (one spiller at a time) it moves the oldest residents until the sum is within the bound.
 *
 * <p>Invariant: a live checkpoint is always in at least one tier, and the tiers never disagree
 * about it. A move copies to the durable tier <em>first</em> and deletes from the memory tier
 * <em>second</em>, under the session's stripe lock, which deletes and appends of that session also
 * take; so a delete can never be undone by a move ("resurrection"), and a move never loses a record.
 * Readers take no lock: they look in the memory tier first and in the durable tier second, so a
 * record that moves in between is found in the durable tier; list and latest merge both tiers and
 * drop the duplicate a reader may see during a move. A failed move is logged and the record stays
 * in memory (the bound is exceeded rather than data lost). Thread-safe.
 */
final class TieredCheckpointStore implements CheckpointStore {
  private static final System.Logger LOG = System.getLogger(TieredCheckpointStore.class.getName());
  private static final int STRIPES = 64;
  private final CheckpointStore memory;
  private final CheckpointStore durable;
  private final long maxMemoryBytes;
  private final ConcurrentSkipListMap<CheckpointId, Resident> residents = new ConcurrentSkipListMap<>();
  private final AtomicLong memoryBytes = new AtomicLong();
  private final AtomicLong spilled = new AtomicLong();
  private final ReentrantLock spillLock = new ReentrantLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  /** A checkpoint held by the memory tier: its session and payload size. Identity matters. */
  private static final class Resident {
    final String sessionId;
    final long bytes;

    Resident(String sessionId, long bytes) {
      this.sessionId = sessionId;
      this.bytes = bytes;
    }
  }

  TieredCheckpointStore(CheckpointStore memory, CheckpointStore durable, long maxMemoryBytes) {
    this.memory = memory;
    this.durable = durable;
    this.maxMemoryBytes = maxMemoryBytes;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  @Override
  public void append(CheckpointRecord record) {
    Checkpoint c = record.checkpoint();
    ReentrantLock lock = stripe(c.sessionId());
    lock.lock();
    try {
      if (!durable.list(c.sessionId(), CheckpointQuery.all().sequences(c.sequence(), c.sequence()).limit(1)).isEmpty()) {
        throw new CheckpointConflictException("session '" + c.sessionId() + "' already has a checkpoint with sequence "
            + c.sequence() + " (in the spillover store): resume the session to continue from its newest checkpoint");
      }
      memory.append(record);
      residents.put(c.id(), new Resident(c.sessionId(), record.payloadLength()));
      memoryBytes.addAndGet(record.payloadLength());
    } finally {
      lock.unlock();
    }
    spillIfNeeded();
  }

  private void spillIfNeeded() {
    if (memoryBytes.get() <= maxMemoryBytes) {
      return;
    }
    spillLock.lock();
    try {
      while (memoryBytes.get() > maxMemoryBytes) {
        Map.Entry<CheckpointId, Resident> oldest = residents.firstEntry();
        if (oldest == null || !move(oldest.getKey(), oldest.getValue())) {
          return;
        }
      }
    } finally {
      spillLock.unlock();
    }
  }

  /** Move one checkpoint to the durable tier; false if the move failed (it stays in memory). */
  private boolean move(CheckpointId id, Resident resident) {
    ReentrantLock lock = stripe(resident.sessionId);
    lock.lock();
    try {
      if (residents.get(id) != resident) {
        return true;
      }
      Optional<CheckpointRecord> record = memory.read(resident.sessionId, id);
      if (record.isPresent()) {
        copyToDurable(record.get());
        memory.delete(resident.sessionId, List.of(id));
        spilled.incrementAndGet();
      }
      forget(id);
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not move checkpoint " + id + " of session '" + resident.sessionId
          + "' to the spillover store; it stays in memory, above storage.maxMemoryBytes", e);
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void copyToDurable(CheckpointRecord record) {
    try {
      durable.append(record);
    } catch (CheckpointConflictException e) {
      Checkpoint c = record.checkpoint();
      if (durable.read(c.sessionId(), c.id()).isEmpty()) {
        throw e;
      }
    }
  }

  private void forget(CheckpointId id) {
    Resident gone = residents.remove(id);
    if (gone != null) {
      memoryBytes.addAndGet(-gone.bytes);
    }
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    Optional<CheckpointRecord> hot = memory.read(sessionId, id);
    return hot.isPresent() ? hot : durable.read(sessionId, id);
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    Map<CheckpointId, Checkpoint> merged = new LinkedHashMap<>();
    memory.list(sessionId, query).forEach(c -> merged.put(c.id(), c));
    durable.list(sessionId, query).forEach(c -> merged.putIfAbsent(c.id(), c));
    Comparator<Checkpoint> order = Comparator.comparingLong(Checkpoint::sequence);
    return merged.values().stream().sorted(query.ascending() ? order : order.reversed()).limit(query.limit()).toList();
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    Optional<Checkpoint> hot = memory.latest(sessionId);
    Optional<Checkpoint> cold = durable.latest(sessionId);
    if (hot.isEmpty() || cold.isEmpty()) {
      return hot.isPresent() ? hot : cold;
    }
    return hot.get().sequence() >= cold.get().sequence() ? hot : cold;
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    ReentrantLock lock = stripe(sessionId);
    lock.lock();
    try {
      int deleted = memory.delete(sessionId, ids);
      for (CheckpointId id : ids) {
        Resident resident = residents.get(id);
        if (resident != null && resident.sessionId.equals(sessionId)) {
          forget(id);
        }
      }
      return deleted + durable.delete(sessionId, ids);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int deleteSession(String sessionId) {
    ReentrantLock lock = stripe(sessionId);
    lock.lock();
    try {
      int deleted = memory.deleteSession(sessionId);
      residents.entrySet().removeIf(e -> {
        boolean mine = e.getValue().sessionId.equals(sessionId);
        if (mine) {
          memoryBytes.addAndGet(-e.getValue().bytes);
        }
        return mine;
      });
      return deleted + durable.deleteSession(sessionId);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> sessions() {
    Set<String> all = new HashSet<>(memory.sessions());
    all.addAll(durable.sessions());
    return Set.copyOf(all);
  }

  @Override
  public StoreStats stats() {
    StoreStats hot = memory.stats();
    StoreStats cold = durable.stats();
    return new StoreStats(sessions().size(), hot.checkpoints() + cold.checkpoints(), hot.payloadBytes() + cold.payloadBytes(),
        hot.corruptions() + cold.corruptions(), Map.of("memoryTierBytes", memoryBytes.get(), "maxMemoryBytes", maxMemoryBytes,
            "memoryTierCheckpoints", (long) residents.size(), "spilledCheckpoints", spilled.get()));
  }

  /** What both tiers guarantee; never DURABLE as a whole (recent checkpoints are in memory only). */
  @Override
  public Set<StoreCapability> capabilities() {
    Set<StoreCapability> both = EnumSet.noneOf(StoreCapability.class);
    both.addAll(memory.capabilities());
    both.retainAll(durable.capabilities());
    both.remove(StoreCapability.BOUNDED_MEMORY);
    both.remove(StoreCapability.DURABLE);
    return Set.copyOf(both);
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (CheckpointStore tier : List.of(memory, durable)) {
      try {
        tier.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private ReentrantLock stripe(String sessionId) {
    return stripes[Math.floorMod(sessionId.hashCode(), STRIPES)];
  }
}
