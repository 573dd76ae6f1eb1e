package dev.magnus.rollback.store.file;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Make the store's mutations durable with group commit, on the callers' own threads
 * (leader/follower).
 *
 * <p>Design: a caller queues its operation as a {@link Ticket}. If no thread is leading, the caller
 * leads at once: it takes every queued ticket (its own first, up to {@link #MAX_BATCH}) and runs
 * them as one batch through the {@link BatchWriter} (one write, one force, then the index), so a
 * lone writer pays for its own write and force and for no thread hand-off. A caller that arrives
 * while a leader is busy parks in the queue. When a batch is done the leader wakes its followers,
 * reclaims space if a roll or a deletion made that due, and then, if others queued meanwhile, takes
 * them all as the next batch itself (so the appends that arrive during one force share the next
 * one). It runs at most {@link #MAX_BATCHES_PER_LEADER} batches in a row, so that its own caller is
 * not held for long, then hands leadership to the oldest queued ticket and returns. Staying on
 * the already running thread matters on a busy machine: handing over after every batch meant
 * waiting for the next leader's thread to be scheduled each time, and under 32 writers on a loaded
 * 2-core machine it halved the batch size (about 14 appends per force instead of 23).
 *
 * <p>Invariants, under {@link #gate}: at most one thread leads; the queue is non-empty only while
 * a thread leads, so a new leader's ticket is at the head and always in its own batch; a ticket
 * goes from waiting to leading or to done, and to done only after its operation's future has
 * completed. Leadership passes under the gate, which publishes the batch writer's state to the
 * next leader. A hand-over wakes one thread, and each completed follower is woken once.
 *
 * <p>Interrupts: a {@code FileChannel} closes itself when a thread blocked in it is interrupted,
 * and the leader is a caller's thread, so the leader clears its interrupt status for its batch and
 * restores it afterwards; followers keep waiting through interrupts and keep their status. An
 * interrupt that lands during the I/O itself does not fail the batch: {@link ActiveSegment} reopens
 * the channel and repeats the write or force. Policy {@code interval}: a daemon thread asks for a force every
 * {@code fsyncInterval} while written data is unforced, queueing like any caller.
 *
 * <p>Thread-safe: {@link #execute} and {@link #stop} may be called from any thread.
 */
final class GroupCommitWriter {
  static final int MAX_BATCH = 1024;
  /** Batches a leader runs in a row while others queue, before it hands over and returns. */
  static final int MAX_BATCHES_PER_LEADER = 8;
  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int DONE = 2;

  /** A queued operation; {@code done} completes with its result (deleted count, or 0). */
  sealed interface Op permits Append, Delete, DeleteSession, Composite, Maintain, Flush, Stop {
    CompletableFuture<Integer> done();
  }

  /** An append; {@code framed} is its record framed on the caller's thread, bound to its place by the leader. */
  record Append(CheckpointRecord record, ByteBuffer framed, CompletableFuture<Integer> done) implements Op {}

  record Delete(String sessionId, List<CheckpointId> ids, CompletableFuture<Integer> done) implements Op {}

  record DeleteSession(String sessionId, CompletableFuture<Integer> done) implements Op {}

  /**
   * Operations that must share one batch (one write, one force): an append and retention's delete.
   * Each part's future gives its own result; {@code done} completes once every part has.
   */
  record Composite(List<Op> parts, CompletableFuture<Integer> done) implements Op {}

  record Maintain(CompletableFuture<Integer> done) implements Op {}

  /** Force written, unforced data (policy interval). */
  record Flush(CompletableFuture<Integer> done) implements Op {}

  record Stop(CompletableFuture<Integer> done) implements Op {}

  /** Create the exception for an operation that failed, naming the session and checkpoint it concerns. */
  static StoreException failure(Op op, String message, Throwable cause) {
    if (op instanceof Append a) {
      return new StoreException(message, a.record().checkpoint().sessionId(), a.record().checkpoint().id(), cause);
    }
    if (op instanceof Delete d) {
      return new StoreException(message, d.sessionId(), cause);
    }
    if (op instanceof DeleteSession d) {
      return new StoreException(message, d.sessionId(), cause);
    }
    if (op instanceof Composite c) {
      return failure(c.parts().get(0), message, cause);
    }
    return new StoreException(message, cause);
  }

  /** A queued operation and the thread waiting for it. */
  private static final class Ticket {
    final Op op;
    final Thread thread = Thread.currentThread();
    volatile int state = WAITING;

    Ticket(Op op) {
      this.op = op;
    }
  }

  private final BatchWriter log;
  private final String dirName;
  private final ReentrantLock gate = new ReentrantLock();
  private final Condition idle = gate.newCondition();
  // @GuardedBy("gate"): the tickets waiting for a leader, in arrival order
  private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
  // @GuardedBy("gate"): true while a thread leads a batch (it writes outside the gate, alone)
  private boolean leading;
  // @GuardedBy("gate"): set once by close; no ticket is queued after it
  private boolean stopped;
  private final @Nullable Thread flusher;
  private final long flushNanos;
  private volatile boolean flusherStopped;

  GroupCommitWriter(Settings settings, SegmentFiles files, BatchWriter log) {
    this.log = log;
    this.dirName = String.valueOf(files.dir);
    this.flushNanos = settings.fsyncInterval().toNanos();
    this.flusher = settings.fsync() != FsyncPolicy.INTERVAL ? null
        : new Thread(this::flushPeriodically, "rollback-file-store-flusher " + files.dir.getFileName());
    if (flusher != null) {
      flusher.setDaemon(true);
    }
  }

  BatchWriter log() {
    return log;
  }

  void start() {
    if (flusher != null) {
      flusher.start();
    }
  }

  /**
   * Run an operation to its end on this thread, leading a batch or waiting for the leader's.
   *
   * @return the operation, whose future is complete
   * @throws ClosedException if the writer is stopped
   */
  <T extends Op> T execute(T op) {
    Ticket ticket = enqueue(op);
    boolean interrupted = false;
    while (ticket.state == WAITING) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    if (ticket.state == LEADING) {
      interrupted |= lead(ticket);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return op;
  }

  /** Finish every queued operation, force, and stop the flusher. Idempotent. */
  void stop() {
    boolean first;
    gate.lock();
    try {
      first = !stopped;
      stopped = true;
    } finally {
      gate.unlock();
    }
    if (first) {
      execute(new Stop(new CompletableFuture<>()));
    }
    gate.lock();
    try {
      while (leading) {
        idle.awaitUninterruptibly();
      }
    } finally {
      gate.unlock();
    }
    stopFlusher();
  }

  private Ticket enqueue(Op op) {
    Ticket ticket = new Ticket(op);
    gate.lock();
    try {
      if (stopped && !(op instanceof Stop)) {
        throw new ClosedException("the file store on " + dirName + " is closed: open a new store");
      }
      queue.addLast(ticket);
      if (!leading) {
        leading = true;
        ticket.state = LEADING;
      }
    } finally {
      gate.unlock();
    }
    return ticket;
  }

  /** Lead up to {@link #MAX_BATCHES_PER_LEADER} batches; return whether the thread was interrupted. */
  private boolean lead(Ticket self) {
    boolean interrupted = false;
    boolean leadingNow = true;
    try {
      for (int led = 1; leadingNow; led++) {
        interrupted |= Thread.interrupted();
        runBatch(self);
        leadingNow = led < MAX_BATCHES_PER_LEADER ? !endIfIdle() : handOver();
      }
    } finally {
      if (leadingNow) {
        handOver();
      }
    }
    return interrupted | Thread.interrupted();
  }

  private void runBatch(Ticket self) {
    List<Ticket> batch = take();
    try {
      List<Op> ops = new ArrayList<>(batch.size());
      batch.forEach(t -> ops.add(t.op));
      log.process(ops);
    } finally {
      wake(batch, self);
    }
    if (log.maintenanceDue()) {
      log.maintain();
    }
  }

  /** End leadership if nothing is queued; return whether it ended. */
  private boolean endIfIdle() {
    gate.lock();
    try {
      if (queue.isEmpty()) {
        leading = false;
        idle.signalAll();
        return true;
      }
      return false;
    } finally {
      gate.unlock();
    }
  }

  private List<Ticket> take() {
    gate.lock();
    try {
      int n = Math.min(queue.size(), MAX_BATCH);
      List<Ticket> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(queue.pollFirst());
      }
      return batch;
    } finally {
      gate.unlock();
    }
  }

  /** Pass leadership to the oldest queued ticket, or end it if none is queued; return false. */
  private boolean handOver() {
    Ticket next;
    gate.lock();
    try {
      next = queue.peekFirst();
      if (next == null) {
        leading = false;
        idle.signalAll();
      } else {
        next.state = LEADING;
      }
    } finally {
      gate.unlock();
    }
    if (next != null) {
      LockSupport.unpark(next.thread);
    }
    return false;
  }

  /** Return the number of operations waiting for a leader (tests use it to know a batch is formed). */
  int queued() {
    gate.lock();
    try {
      return queue.size();
    } finally {
      gate.unlock();
    }
  }

  private void wake(List<Ticket> batch, Ticket self) {
    for (Ticket t : batch) {
      if (!t.op.done().isDone()) {
        t.op.done().completeExceptionally(failure(t.op, "the file store on " + dirName
            + " failed on a batch and did not acknowledge this operation; retry it", null));
      }
      if (t != self) {
        t.state = DONE;
        LockSupport.unpark(t.thread);
      }
    }
  }

  private void flushPeriodically() {
    while (!flusherStopped) {
      LockSupport.parkNanos(this, flushNanos);
      if (!flusherStopped && log.dirty) {
        try {
          execute(new Flush(new CompletableFuture<>()));
        } catch (ClosedException e) {
          return;
        }
      }
    }
  }

  private void stopFlusher() {
    if (flusher == null) {
      return;
    }
    flusherStopped = true;
    LockSupport.unpark(flusher);
    boolean interrupted = false;
    while (flusher.isAlive()) {
      try {
        flusher.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Wait for an operation's outcome through interrupts (keeping the flag); rethrow its failure as ours. */
  static int await(Op op) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return op.done().get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof ClosedException) {
      return new ClosedException(cause.getMessage(), cause);
    }
    if (cause instanceof CheckpointConflictException) {
      return new CheckpointConflictException(cause.getMessage(), cause);
    }
    return new StoreException(cause.getMessage(), cause);
  }
}
