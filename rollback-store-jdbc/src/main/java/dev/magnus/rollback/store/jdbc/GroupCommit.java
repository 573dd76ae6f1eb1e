package dev.magnus.rollback.store.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesce the appends of concurrent callers into batches, each written in one transaction and one
 * round trip by {@link BatchAppends}.
 *
 * <p>Design: a caller queues its append; if fewer than {@code maxWriters} batches are being written, it
 * becomes a writer at once: it takes what is queued (its own append, and whatever arrived meanwhile),
 * writes it, hands every caller of the batch its own outcome, and then, if appends are still queued,
 * promotes the oldest waiting caller to write the next batch. Otherwise the caller waits until a writer
 * hands it its outcome or promotes it. A lone caller therefore writes a batch of one on its own thread
 * with no hand-off, and under load each commit carries every append that queued while the previous
 * one ran. After a batch of three or more, a writer first waits, briefly, for most of that batch's callers
 * to come back ({@link #gather}), so that under load batches stay large instead of alternating between
 * the first caller back, alone, and everyone else. There is no background thread: the store needs none
 * started or stopped.
 *
 * <p>Invariants: a batch holds at most one append per session (a second one waits for the next batch,
 * so appends to one session keep their order and each batch's rows are independent), at most
 * {@code maxBatch} appends and about {@code maxBatchBytes} of payload (always at least one append).
 * Every append taken into a batch gets exactly one outcome: the writer completes every member even when
 * the write throws. {@code writing} counts the batches being written plus the callers promoted to write
 * one; a promoted caller always writes (possibly an empty batch) and releases its slot.
 *
 * <p>Concurrency: one lock guards the queue, {@code writing} and every pending append's outcome and
 * promotion; no SQL runs under it. Waiting for an outcome is uninterruptible (the batch a caller belongs
 * to is already on its way, so giving up would not undo it); a writer's short wait for companions before
 * it takes a batch ends early on an interrupt. Either way the caller's interrupt flag is kept.
 */
final class GroupCommit {
  /** Writes one batch; returns one outcome per append, in order, never throwing for a database failure. */
  @FunctionalInterface
  interface Writer {
    List<AppendOutcome> write(List<PendingAppend> batch);
  }

  private static final String[] BUCKETS = {"1", "2-3", "4-7", "8-15", "16-31", "32-63", "64+"};

  private final ReentrantLock lock = new ReentrantLock();
  /** Appends waiting for a batch, oldest first. Guarded by {@code lock}. */
  private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
  /** Batches being written plus promoted callers about to write one. Guarded by {@code lock}. */
  private int writing;
  private final int maxWriters;
  private final int maxBatch;
  private final long maxBatchBytes;
  private final Writer writer;
  private final LongAdder[] histogram = new LongAdder[BUCKETS.length];
  private final Condition filled = lock.newCondition();
  /** The smallest queue a gathering writer waits for; MAX_VALUE when none gathers. Guarded by {@code lock}. */
  private int gatherWant = Integer.MAX_VALUE;
  /** Size and write time of the last batch. Guarded by {@code lock}. */
  private int lastBatch;
  private long lastBatchNanos;
  /** How many writers are gathering now. Guarded by {@code lock}. */
  private int gatherers;
  private final long maxGatherNanos;
  /** How many times a writer waited in {@link #gather}. Guarded by {@code lock}. */
  private long gathers;

  GroupCommit(int maxWriters, int maxBatch, long maxBatchBytes, long maxGatherNanos, Writer writer) {
    this.maxWriters = maxWriters;
    this.maxGatherNanos = maxGatherNanos;
    this.maxBatch = maxBatch;
    this.maxBatchBytes = maxBatchBytes;
    this.writer = writer;
    for (int i = 0; i < histogram.length; i++) {
      histogram[i] = new LongAdder();
    }
  }

  /** Make a pending append whose condition belongs to this group commit. */
  PendingAppend pending(dev.magnus.rollback.Checkpoint checkpoint, byte[] payload, String[] deletes) {
    return new PendingAppend(checkpoint, payload, deletes, lock.newCondition());
  }

  /** Queue the append, write batches when it is this caller's turn, and return the append's outcome. */
  AppendOutcome submit(PendingAppend me) {
    boolean lead;
    lock.lock();
    try {
      queue.addLast(me);
      if (queue.size() >= gatherWant) {
        filled.signalAll();
      }
      lead = writing < maxWriters;
      if (lead) {
        writing++;
      }
    } finally {
      lock.unlock();
    }
    while (true) {
      if (lead) {
        writeOneBatch();
      }
      AppendOutcome outcome = awaitOutcomeOrTurn(me);
      if (outcome != null) {
        return outcome;
      }
      lead = true;
    }
  }

  /** Return the outcome once known, or null when this caller was promoted to write the next batch. */
  private AppendOutcome awaitOutcomeOrTurn(PendingAppend me) {
    lock.lock();
    try {
      while (me.outcome == null && !me.promoted) {
        me.ready.awaitUninterruptibly();
      }
      if (me.promoted) {
        me.promoted = false;
        return null;
      }
      return me.outcome;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Before taking a batch, wait until three quarters as many appends as the last batch held are queued,
   * for at most half the last batch's write time (and {@code maxGatherNanos}). Under load the callers of
   * the last batch come back within that time, and without this the first of them would be written alone
   * while the rest queue for the batch after (batches alternating between one append and the others).
   * After a batch of one or two, nothing waits (three quarters of it rounds down to one): a lone caller's
   * append goes out at once. An interrupt ends the wait early and stays set. Called with the lock held
   * (by {@link #take}); the wait releases it.
   */
  private void gather() {
    int want = Math.min(maxBatch, lastBatch * 3 / 4);
    long left = Math.min(maxGatherNanos, lastBatchNanos / 2);
    if (want <= 1 || queue.size() >= want || left <= 0) {
      return;
    }
    gatherers++;
    gathers++;
    gatherWant = Math.min(gatherWant, want);
    try {
      while (queue.size() < want && left > 0) {
        left = filled.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (--gatherers == 0) {
        gatherWant = Integer.MAX_VALUE;
      }
    }
  }

  private void writeOneBatch() {
    List<PendingAppend> batch = take();
    List<AppendOutcome> outcomes = null;
    Throwable failure = null;
    long t0 = System.nanoTime();
    try {
      if (!batch.isEmpty()) {
        outcomes = writer.write(batch);
        histogram[Math.min(BUCKETS.length - 1, 31 - Integer.numberOfLeadingZeros(batch.size()))].increment();
      }
    } catch (Throwable t) {
      failure = t;
      outcomes = Collections.nCopies(batch.size(), new AppendOutcome.Failed(t, true, batch.size()));
    } finally {
      finish(batch, outcomes, System.nanoTime() - t0);
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /** Gather ({@link #gather}), then take the next batch off the queue. */
  private List<PendingAppend> take() {
    lock.lock();
    try {
      gather();
      List<PendingAppend> batch = new ArrayList<>();
      Set<String> sessions = new HashSet<>();
      long bytes = 0;
      for (Iterator<PendingAppend> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
        PendingAppend p = it.next();
        if (!batch.isEmpty() && bytes + p.payload.length > maxBatchBytes) {
          break;
        }
        if (sessions.add(p.checkpoint.sessionId())) {
          it.remove();
          batch.add(p);
          bytes += p.payload.length;
        }
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Hand out the outcomes, release this writer's slot and, if appends wait, promote the oldest to write. */
  private void finish(List<PendingAppend> batch, List<AppendOutcome> outcomes, long nanos) {
    lock.lock();
    try {
      if (!batch.isEmpty()) {
        lastBatch = batch.size();
        lastBatchNanos = nanos;
      }
      for (int i = 0; i < batch.size(); i++) {
        PendingAppend p = batch.get(i);
        p.outcome = outcomes == null ? new AppendOutcome.Failed(new IllegalStateException("no outcome"), true,
            batch.size()) : outcomes.get(i);
        p.ready.signal();
      }
      writing--;
      for (PendingAppend p : queue) {
        if (writing >= maxWriters) {
          break;
        }
        if (!p.promoted) {
          p.promoted = true;
          writing++;
          p.ready.signal();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many times a writer has waited for the callers of the last batch to come back. */
  long gathers() {
    lock.lock();
    try {
      return gathers;
    } finally {
      lock.unlock();
    }
  }

  /** How many appends wait for a batch now. */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Batches written so far by size: {@code batchesOf1}, {@code batchesOf2-3}, ... {@code batchesOf64+}. */
  Map<String, Long> batchCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < BUCKETS.length; i++) {
      counts.put("batchesOf" + BUCKETS[i], histogram[i].sum());
    }
    return counts;
  }
}
