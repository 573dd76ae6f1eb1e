package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditLog;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.spi.AuditSink;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Keep the engine's audit log: bounded in memory, hash-chained, copied to sinks.
 *
 * <p>Each entry's hash is SHA-256 over the previous entry's hash and the entry's fields, in a
 * length-prefixed layout. When the bound is reached the oldest entry is dropped; {@link #verify()}
 * checks the retained chain from the oldest entry it still has. Audit hashing is always plain
 * SHA-256 (not the state HMAC) so that a log can be verified without the key.
 *
 * <p>Concurrency: recording never waits for another session. {@link #record} appends the request to a
 * lock-free queue (its place in the queue is its place in the chain) and then tries to become the
 * drainer; if another thread is draining, it returns at once and that thread takes its request. The
 * drainer, alone under {@link #drain}, assigns entry ids in queue order, stamps the time, computes the
 * hash chain, keeps the bounded list and calls the sinks, in order; after letting go of the lock it
 * looks at the queue again, so a request that arrived while it held the lock is never stranded (the
 * request's enqueue happens before its failed {@code tryLock}, which happens before the drainer's
 * unlock and its next look). Readers ({@link #entries()}) take the lock and drain what is queued
 * first, so they see every entry whose {@code record} call has returned, in chain order. Before this
 * the trail's monitor serialised the checkpoints of every session behind one another's hashing.
 */
final class AuditTrail implements AuditLog {
  private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
  private static final Hasher HASHER = Hasher.sha256();
  private final Clock clock;
  private final int maxEntries;
  private final List<AuditSink> sinks;
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock drain = new ReentrantLock();
  // @GuardedBy("drain")
  private final ArrayDeque<AuditEntry> entries = new ArrayDeque<>();
  // @GuardedBy("drain")
  private long nextId = 1;
  // @GuardedBy("drain")
  private String lastHash = "";

  /** An entry waiting for its id, time and hash. */
  private record Request(AuditAction action, @Nullable String sessionId, Outcome outcome,
      Map<String, String> details) {}

  AuditTrail(Clock clock, int maxEntries, List<AuditSink> sinks) {
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.sinks = List.copyOf(sinks);
  }

  /** Record an entry: {@link #entries()} sees it once this returns (this thread or the drainer hashed it). */
  void record(AuditAction action, @Nullable String sessionId, Outcome outcome, Map<String, String> details) {
    queue.add(new Request(action, sessionId, outcome, details));
    while (!queue.isEmpty() && drain.tryLock()) {
      try {
        drainQueued();
      } finally {
        drain.unlock();
      }
    }
  }

  // @GuardedBy("drain")
  private void drainQueued() {
    for (Request r = queue.poll(); r != null; r = queue.poll()) {
      Instant now = clock.instant();
      Optional<String> session = Optional.ofNullable(r.sessionId());
      TreeMap<String, String> sorted = new TreeMap<>(r.details()); // the entry's order; it copies a sorted map in one pass
      AuditEntry entry = new AuditEntry(nextId, r.action(), now, session, sorted, r.outcome(), lastHash,
          hashOf(nextId, r.action(), now, session, sorted, r.outcome(), lastHash));
      nextId++;
      lastHash = entry.hash();
      entries.addLast(entry);
      if (entries.size() > maxEntries) {
        entries.removeFirst();
      }
      toSinks(entry);
    }
  }

  private void toSinks(AuditEntry entry) {
    for (AuditSink sink : sinks) {
      try {
        sink.accept(entry);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "audit sink " + sink.getClass().getName() + " failed on entry " + entry.entryId(), e);
      }
    }
  }

  static String hashOf(AuditEntry e) {
    return hashOf(e.entryId(), e.action(), e.timestamp(), e.sessionId(), e.details(), e.outcome(), e.previousHash());
  }

  /** Hash an entry's fields; {@code details} in key order, as the entry keeps them. */
  private static String hashOf(long entryId, AuditAction action, Instant timestamp, Optional<String> sessionId,
      Map<String, String> details, Outcome outcome, String previousHash) {
    FieldText b = FieldText.reset();
    b.field(previousHash).field(Long.toString(entryId)).field(action.name()).field(InstantText.of(timestamp))
        .field(sessionId.orElse("\u0000")).ascii(Integer.toString(details.size())).ascii(";");
    details.forEach((k, v) -> b.field(k).field(v));
    return b.field(outcome.name()).hash(HASHER);
  }

  @Override
  public List<AuditEntry> entries() {
    drain.lock();
    try {
      drainQueued();
      return List.copyOf(entries);
    } finally {
      drain.unlock();
    }
  }

  @Override
  public List<AuditEntry> entries(String sessionId) {
    List<AuditEntry> result = new ArrayList<>();
    for (AuditEntry e : entries()) {
      if (e.sessionId().filter(sessionId::equals).isPresent()) {
        result.add(e);
      }
    }
    return result;
  }

  @Override
  public AuditVerification verify() {
    return verify(entries());
  }

  @Override
  public AuditVerification verify(List<AuditEntry> list) {
    return verifyChain(list);
  }

  /** Check a chain of entries, oldest first, without an engine (for a log read back from a file). */
  static AuditVerification verifyChain(List<AuditEntry> list) {
    String expectedPrevious = null;
    long expectedId = -1;
    int checked = 0;
    for (AuditEntry e : list) {
      checked++;
      if (expectedPrevious != null && !expectedPrevious.equals(e.previousHash())) {
        return broken(checked, e, "previousHash does not match the hash of entry " + (expectedId - 1));
      }
      if (expectedId != -1 && e.entryId() != expectedId) {
        return broken(checked, e, "entry id " + e.entryId() + " follows " + (expectedId - 1) + ": an entry is missing");
      }
      if (!Hasher.same(hashOf(e), e.hash())) {
        return broken(checked, e, "hash does not match the entry's content: it was modified");
      }
      expectedPrevious = e.hash();
      expectedId = e.entryId() + 1;
    }
    return new AuditVerification(true, checked, Optional.empty(), "");
  }

  private static AuditVerification broken(int checked, AuditEntry e, String problem) {
    return new AuditVerification(false, checked, Optional.of(e.entryId()), "audit entry " + e.entryId() + ": " + problem);
  }
}
