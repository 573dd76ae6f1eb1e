package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreListener;
import dev.magnus.rollback.spi.StoreStats;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keep recent checkpoints in a fast tier and move the oldest to a durable tier above a byte bound
 * ({@code storage.spillover}).
 *
 * <p>Design. Appends go to the memory tier. A {@link TierIndex} knows every live checkpoint of both
 * tiers (id, session, sequence, size, which tier holds it) and decides conflicts, because neither
 * tier can: the memory tier does not see what was spilled, the durable tier does not see what was
 * not. The constructor builds the index from what the tiers already hold (the durable tier keeps its
 * checkpoints across a restart). After an append takes the memory tier's payload bytes above
 * {@code maxMemoryBytes}, the appending thread spills: it moves the oldest residents (oldest id
 * first; ids are time-ordered) until the sum is within the bound.
 *
 * <p>Locks. The stripe lock of a session ({@link #stripe}) guards that session's part of the index
 * and every change of its checkpoints in either tier: append (the sequence check, the id claim, the
 * memory tier's append and the indexing are one step for other writers of the session), move,
 * delete and deleteSession. Ids are unique across sessions too: an append claims its id in the
 * index's concurrent id map with {@code putIfAbsent}, so of two sessions racing for one id exactly
 * one wins; a conflicting append changes nothing. {@link #spillLock} lets one thread spill at a
 * time. Lock order: spillLock, then a stripe; never the reverse (an append releases its stripe
 * before it spills).
 *
 * <p>Moves. A move copies to the durable tier first and deletes from the memory tier second, under
 * the session's stripe; so a delete can never be undone by a move ("resurrection") and a move never
 * loses a record. Readers take no lock: read, list and latest look in the memory tier first and in
 * the durable tier second, so a record that moves in between is found in the durable tier (never
 * zero times); list drops the copy a reader may find in both (never twice). sessions and stats are
 * answered from the index, which a move does not change. A failed move is logged and the record
 * stays in memory (the bound is exceeded rather than data lost); if only the memory tier's delete
 * failed, the index remembers the copy, a delete reaches both tiers and the next move completes.
 *
 * <p>The tiers belong to this store: what is changed in them directly is not in the index, and a
 * durable tier that other processes write to is not supported (their conflicts surface only as
 * failed moves). The index holds no payload, a few hundred bytes per checkpoint; opening lists every
 * checkpoint of both tiers once. Thread-safe.
 */
final class TieredCheckpointStore implements CheckpointStore {
  private static final System.Logger LOG = System.getLogger(TieredCheckpointStore.class.getName());
  private static final int STRIPES = 64;
  private final CheckpointStore memory;
  private final CheckpointStore durable;
  private final long maxMemoryBytes;
  /** Per session: guarded by that session's stripe. Store-wide id claims: atomic in the index itself. */
  private final TierIndex index = new TierIndex();
  private final AtomicLong spilled = new AtomicLong();
  /** Held by the one thread that spills; taken before a stripe, never while holding one. */
  private final ReentrantLock spillLock = new ReentrantLock();
  /** Each guards its sessions' part of {@link #index} and every change to their checkpoints in either tier. */
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile boolean closed;

  TieredCheckpointStore(CheckpointStore memory, CheckpointStore durable, long maxMemoryBytes) {
    this.memory = Objects.requireNonNull(memory, "memory");
    this.durable = Objects.requireNonNull(durable, "durable");
    if (memory == durable) {
      throw new IllegalArgumentException("the memory tier and the durable tier are the same store: give two stores");
    }
    if (maxMemoryBytes < 1) {
      throw new IllegalArgumentException("storage.maxMemoryBytes must be >= 1, was " + maxMemoryBytes);
    }
    this.maxMemoryBytes = maxMemoryBytes;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    load(memory, true);
    load(durable, false);
    spillIfNeeded();
  }

  private void load(CheckpointStore tier, boolean resident) {
    for (String session : tier.sessions()) {
      for (Checkpoint c : tier.list(session, CheckpointQuery.all())) {
        index.load(c, resident);
      }
    }
  }

  @Override
  public void append(CheckpointRecord record) {
    Objects.requireNonNull(record, "record");
    ReentrantLock lock = stripe(record.checkpoint().sessionId());
    lock.lock();
    try {
      appendToMemory(record);
    } finally {
      lock.unlock();
    }
    spillIfNeeded();
  }

  /** Append first, delete second, under one stripe; spill after both, so retention's deletions never move. */
  @Override
  public int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(deletes, "deletes");
    String sessionId = record.checkpoint().sessionId();
    ReentrantLock lock = stripe(sessionId);
    int deleted;
    lock.lock();
    try {
      appendToMemory(record);
      deleted = remove(sessionId, index.entries(sessionId, deletes), false);
    } finally {
      lock.unlock();
    }
    spillIfNeeded();
    return deleted;
  }

  /** Claim the sequence and the id, append to the memory tier, index. The caller holds the stripe. */
  private void appendToMemory(CheckpointRecord record) {
    ensureOpen();
    TierIndex.Entry entry = index.claim(record.checkpoint(), record.payloadLength());
    try {
      memory.append(record);
    } catch (RuntimeException e) {
      index.release(entry);
      throw e;
    }
    index.add(entry, true);
  }

  private void spillIfNeeded() {
    if (index.memoryBytes() <= maxMemoryBytes) {
      return;
    }
    spillLock.lock();
    try {
      while (index.memoryBytes() > maxMemoryBytes && !closed) {
        Optional<TierIndex.Entry> oldest = index.oldestResident();
        if (oldest.isEmpty() || !move(oldest.get())) {
          return;
        }
      }
    } finally {
      spillLock.unlock();
    }
  }

  /** Move one checkpoint to the durable tier; false if the move failed (it stays in memory). */
  private boolean move(TierIndex.Entry entry) {
    ReentrantLock lock = stripe(entry.sessionId);
    lock.lock();
    try {
      if (!entry.resident() || closed) {
        return true; // deleted or moved meanwhile
      }
      Optional<CheckpointRecord> record = memory.read(entry.sessionId, entry.id);
      if (record.isEmpty()) {
        forgetLost(entry);
        return true;
      }
      if (!entry.copied) {
        copyToDurable(record.get());
        entry.copied = true;
      }
      memory.delete(entry.sessionId, List.of(entry.id));
      index.leaveMemory(entry);
      spilled.incrementAndGet();
      return true;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not move checkpoint " + entry.id + " of session '" + entry.sessionId
          + "' to the spillover store; it stays in memory, above storage.maxMemoryBytes", e);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Append to the durable tier; a copy already there from an earlier, outcome-unknown attempt counts. */
  private void copyToDurable(CheckpointRecord record) {
    try {
      durable.append(record);
    } catch (CheckpointConflictException e) {
      Checkpoint c = record.checkpoint();
      if (!durable.read(c.sessionId(), c.id()).map(CheckpointRecord::checkpoint).equals(Optional.of(c))) {
        throw e;
      }
    }
  }

  /** A resident the memory tier no longer holds was changed behind this store: believe the tiers. */
  private void forgetLost(TierIndex.Entry entry) {
    LOG.log(Level.WARNING, "checkpoint " + entry.id + " of session '" + entry.sessionId + "' vanished from the memory "
        + "tier without going through the tiered store; change the tiers only through it");
    if (entry.copied || durable.read(entry.sessionId, entry.id).isPresent()) {
      index.leaveMemory(entry);
    } else {
      index.remove(entry);
    }
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(id, "id");
    ensureOpen();
    Optional<CheckpointRecord> hot = memory.read(sessionId, id);
    return hot.isPresent() ? hot : durable.read(sessionId, id);
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(query, "query");
    ensureOpen();
    Map<CheckpointId, Checkpoint> merged = new LinkedHashMap<>();
    memory.list(sessionId, query).forEach(c -> merged.put(c.id(), c));
    durable.list(sessionId, query).forEach(c -> merged.putIfAbsent(c.id(), c));
    Comparator<Checkpoint> order = Comparator.comparingLong(Checkpoint::sequence);
    return merged.values().stream().sorted(query.ascending() ? order : order.reversed()).limit(query.limit()).toList();
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    SessionIds.require(sessionId);
    ensureOpen();
    Optional<Checkpoint> hot = memory.latest(sessionId);
    Optional<Checkpoint> cold = durable.latest(sessionId);
    if (hot.isEmpty() || cold.isEmpty()) {
      return hot.isPresent() ? hot : cold;
    }
    return hot.get().sequence() >= cold.get().sequence() ? hot : cold;
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(ids, "ids");
    ReentrantLock lock = stripe(sessionId);
    lock.lock();
    try {
      ensureOpen();
      return remove(sessionId, index.entries(sessionId, ids), false);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int deleteSession(String sessionId) {
    SessionIds.require(sessionId);
    ReentrantLock lock = stripe(sessionId);
    lock.lock();
    try {
      ensureOpen();
      return remove(sessionId, index.entries(sessionId), true);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Delete checkpoints of one session from the tiers that hold them, memory tier first; after each
   * tier's delete the index says what that tier lost, so a failure leaves the two in agreement. The
   * caller holds the stripe.
   */
  private int remove(String sessionId, List<TierIndex.Entry> doomed, boolean wholeSession) {
    List<TierIndex.Entry> cold = new ArrayList<>(doomed.stream().filter(e -> !e.resident()).toList());
    List<TierIndex.Entry> hot = doomed.stream().filter(e -> e.resident()).toList();
    if (!hot.isEmpty()) {
      deleteFrom(memory, sessionId, hot, wholeSession);
      for (TierIndex.Entry e : hot) {
        if (e.copied) {
          index.leaveMemory(e);
          cold.add(e);
        } else {
          index.remove(e);
        }
      }
    }
    if (!cold.isEmpty()) {
      deleteFrom(durable, sessionId, cold, wholeSession);
      cold.forEach(index::remove);
    }
    return doomed.size();
  }

  private static void deleteFrom(CheckpointStore tier, String sessionId, List<TierIndex.Entry> entries,
      boolean wholeSession) {
    if (wholeSession) {
      tier.deleteSession(sessionId);
    } else {
      tier.delete(sessionId, entries.stream().map(e -> e.id).toList());
    }
  }

  @Override
  public Set<String> sessions() {
    ensureOpen();
    return index.sessions();
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    long corruptions = memory.stats().corruptions() + durable.stats().corruptions();
    return new StoreStats(index.sessionCount(), index.checkpoints(), index.payloadBytes(), corruptions,
        Map.of("memoryTierBytes", index.memoryBytes(), "maxMemoryBytes", maxMemoryBytes,
            "memoryTierCheckpoints", index.residentCount(), "spilledCheckpoints", spilled.get()));
  }

  /**
   * Declare nothing beyond the basic contract: not DURABLE (an acknowledged checkpoint may be in the
   * memory tier only), not SHARED (conflicts are decided by this process's index), not
   * BOUNDED_MEMORY (it spills instead of refusing), and no TOMBSTONES (nothing here survives a reopen
   * of the memory tier).
   */
  @Override
  public Set<StoreCapability> capabilities() {
    return Set.of();
  }

  /** Pass the listener to both tiers; the durable one reports its group commits and forces. */
  @Override
  public boolean addListener(StoreListener listener) {
    return memory.addListener(listener) | durable.addListener(listener);
  }

  @Override
  public void close() {
    closed = true;
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

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("the tiered store is closed: create a new engine to open its stores again");
    }
  }

  private ReentrantLock stripe(String sessionId) {
    return stripes[Math.floorMod(sessionId.hashCode(), STRIPES)];
  }
}
