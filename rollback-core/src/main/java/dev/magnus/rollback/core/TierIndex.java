package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Index every live checkpoint of a {@link TieredCheckpointStore}'s two tiers, without payloads: by id
 * across sessions, by sequence within each session, and the memory tier's residents oldest id first;
 * with running sums of checkpoints, payload bytes and the memory tier's payload bytes.
 *
 * <p>Concurrency. The tiered store calls every method that changes an entry or a session while
 * holding that session's stripe lock; the lock guards the session's sequence map ({@code
 * bySession}'s value) and the fields of its entries, which are volatile only so that lock-free
 * readers and other sessions' error messages see them. {@code byId} is a concurrent map and
 * {@link #claim}'s {@code putIfAbsent} is the store-wide, atomic reservation of an id; the sequence
 * check before it is atomic for the session because its stripe is held. The readers ({@link
 * #sessions}, the sums, {@link #oldestResident}) take no lock; each sum is exact whenever no write
 * is running.
 */
final class TierIndex {
  /** Where a checkpoint is. */
  enum Where {
    APPENDING("being appended"),
    MEMORY("in the memory tier"),
    SPILLED("in the spillover store");

    private final String words;

    Where(String words) {
      this.words = words;
    }
  }

  /** One checkpoint: identity and size fixed, place guarded by its session's stripe lock. */
  static final class Entry {
    final CheckpointId id;
    final String sessionId;
    final long sequence;
    final long bytes;
    volatile Where where = Where.APPENDING;
    /** In the memory tier with a copy already in the durable tier: a move whose delete failed. */
    volatile boolean copied;

    Entry(Checkpoint c, long bytes) {
      this.id = c.id();
      this.sessionId = c.sessionId();
      this.sequence = c.sequence();
      this.bytes = bytes;
    }

    boolean resident() {
      return where == Where.MEMORY;
    }
  }

  private final ConcurrentHashMap<CheckpointId, Entry> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, NavigableMap<Long, Entry>> bySession = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<CheckpointId, Entry> residents = new ConcurrentSkipListMap<>();
  private final AtomicLong checkpoints = new AtomicLong();
  private final AtomicLong payloadBytes = new AtomicLong();
  private final AtomicLong memoryBytes = new AtomicLong();

  /**
   * Reserve the checkpoint's (session, sequence) and id in both tiers; {@link #add} or {@link
   * #release} the entry next.
   *
   * @throws CheckpointConflictException if either is taken; nothing is reserved then
   */
  Entry claim(Checkpoint c, long bytes) {
    NavigableMap<Long, Entry> session = bySession.get(c.sessionId());
    Entry taken = session == null ? null : session.get(c.sequence());
    if (taken != null) {
      throw new CheckpointConflictException("session '" + c.sessionId() + "' already has sequence " + c.sequence()
          + " (checkpoint " + taken.id + ", " + taken.where.words + "): another writer appended first; reload the session",
          c.sessionId(), c.id());
    }
    Entry entry = new Entry(c, bytes);
    Entry owner = byId.putIfAbsent(c.id(), entry);
    if (owner != null) {
      throw new CheckpointConflictException("checkpoint id " + c.id() + " already exists (session '" + owner.sessionId
          + "', " + owner.where.words + "): generate a new id", c.sessionId(), c.id());
    }
    return entry;
  }

  /** Give up a claim whose append failed. */
  void release(Entry claimed) {
    byId.remove(claimed.id, claimed);
  }

  /** Index a claimed entry as held by the memory tier ({@code resident}) or the durable tier. */
  void add(Entry claimed, boolean resident) {
    bySession.computeIfAbsent(claimed.sessionId, s -> new TreeMap<>()).put(claimed.sequence, claimed);
    checkpoints.incrementAndGet();
    payloadBytes.addAndGet(claimed.bytes);
    if (resident) {
      claimed.where = Where.MEMORY;
      residents.put(claimed.id, claimed);
      memoryBytes.addAndGet(claimed.bytes);
    } else {
      claimed.where = Where.SPILLED;
    }
  }

  /**
   * Index a checkpoint a tier held before the tiered store opened; the same checkpoint found in both
   * tiers is a move cut short.
   *
   * @throws StoreException if the tiers hold conflicting checkpoints
   */
  void load(Checkpoint c, boolean resident) {
    String here = resident ? Where.MEMORY.words : Where.SPILLED.words;
    Entry known = byId.get(c.id());
    if (known != null && !resident && known.resident() && known.sessionId.equals(c.sessionId())
        && known.sequence == c.sequence()) {
      known.copied = true;
      return;
    }
    if (known != null) {
      throw tiersDisagree("checkpoint id " + c.id() + " is session '" + known.sessionId + "' sequence " + known.sequence
          + " " + known.where.words + " and session '" + c.sessionId() + "' sequence " + c.sequence() + " " + here);
    }
    NavigableMap<Long, Entry> session = bySession.get(c.sessionId());
    Entry taken = session == null ? null : session.get(c.sequence());
    if (taken != null) {
      throw tiersDisagree("session '" + c.sessionId() + "' has sequence " + c.sequence() + " twice: checkpoint "
          + taken.id + " " + taken.where.words + " and checkpoint " + c.id() + " " + here);
    }
    add(claim(c, c.storedSize()), resident);
  }

  private static StoreException tiersDisagree(String what) {
    return new StoreException("cannot open the tiered store: " + what + "; remove the stale checkpoint from one tier,"
        + " or open the tiered store with an empty memory tier");
  }

  /** The entry now lives in the durable tier only. */
  void leaveMemory(Entry e) {
    e.where = Where.SPILLED;
    e.copied = false;
    if (residents.remove(e.id, e)) {
      memoryBytes.addAndGet(-e.bytes);
    }
  }

  /** Forget a deleted checkpoint; harmless if already forgotten. */
  void remove(Entry e) {
    if (!byId.remove(e.id, e)) {
      return;
    }
    if (e.resident()) {
      leaveMemory(e);
    }
    NavigableMap<Long, Entry> session = bySession.get(e.sessionId);
    if (session != null && session.remove(e.sequence, e) && session.isEmpty()) {
      bySession.remove(e.sessionId, session);
    }
    checkpoints.decrementAndGet();
    payloadBytes.addAndGet(-e.bytes);
  }

  /** The live entries of a session among these ids, each once; ids of other sessions are ignored. */
  List<Entry> entries(String sessionId, Collection<CheckpointId> ids) {
    List<Entry> found = new ArrayList<>();
    for (CheckpointId id : new LinkedHashSet<>(ids)) {
      Entry e = byId.get(id);
      if (e != null && e.sessionId.equals(sessionId) && e.where != Where.APPENDING) {
        found.add(e);
      }
    }
    return found;
  }

  /** Every live entry of a session. */
  List<Entry> entries(String sessionId) {
    NavigableMap<Long, Entry> session = bySession.get(sessionId);
    return session == null ? List.of() : List.copyOf(session.values());
  }

  Optional<Entry> oldestResident() {
    return Optional.ofNullable(residents.firstEntry()).map(Map.Entry::getValue);
  }

  Set<String> sessions() {
    return Set.copyOf(bySession.keySet());
  }

  long sessionCount() {
    return bySession.size();
  }

  long checkpoints() {
    return checkpoints.get();
  }

  long payloadBytes() {
    return payloadBytes.get();
  }

  long memoryBytes() {
    return memoryBytes.get();
  }

  long residentCount() {
    return residents.size();
  }
}
