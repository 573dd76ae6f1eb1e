package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.StoreException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Run one session's asynchronous checkpoints one after another, in call order, on the engine's
 * scheduler, and time each caller's stage out after {@code checkpointTimeout}.
 *
 * <p>Each write is chained after the previous one whatever its outcome, so order per session holds
 * and one failure does not block the rest. A timed-out stage fails with a {@link StoreException};
 * its write may still complete. {@link #drained()} lets the engine wait for every queued write when
 * it closes ({@link #drain}). {@code depth}, shared by every session's queue, counts the writes queued or
 * running, for {@code engine.queuedCheckpoints()}. Thread-safe: the tail of the chain is guarded by this
 * queue's monitor.
 */
final class AsyncCheckpointQueue {
  private static final System.Logger LOG = System.getLogger(AsyncCheckpointQueue.class.getName());
  private final String sessionId;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger depth;
  // @GuardedBy("this")
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  AsyncCheckpointQueue(String sessionId, ScheduledExecutorService scheduler, AtomicInteger depth) {
    this.sessionId = sessionId;
    this.scheduler = scheduler;
    this.depth = depth;
  }

  CompletionStage<Checkpoint> submit(Supplier<Checkpoint> write, Duration timeout) {
    CompletableFuture<Checkpoint> result = new CompletableFuture<>();
    depth.incrementAndGet();
    synchronized (this) {
      CompletableFuture<Checkpoint> next = tail.handle((ignored, error) -> null)
          .thenApplyAsync(ignored -> write.get(), scheduler);
      tail = next;
      next.whenComplete((c, e) -> {
        depth.decrementAndGet();
        if (e != null) {
          result.completeExceptionally(e instanceof CompletionException ? e.getCause() : e);
        } else {
          result.complete(c);
        }
      });
    }
    ScheduledFuture<?> timer = scheduler.schedule(() -> result.completeExceptionally(new StoreException(
        "asynchronous checkpoint of session '" + sessionId + "' did not finish within checkpoint.checkpointTimeoutMs="
            + timeout.toMillis() + "; it may still complete: check session.checkpoints()", sessionId)),
        TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    result.whenComplete((c, e) -> timer.cancel(false));
    return result;
  }

  /** Return a future that completes once every write queued so far has run. */
  synchronized CompletableFuture<?> drained() {
    return tail.handle((c, e) -> null);
  }

  /** Wait for the given queues' writes (from {@link #drained()}), at most {@code timeout} in total. */
  static void drain(Stream<CompletableFuture<?>> queues, Duration timeout) {
    CompletableFuture<?>[] pending = queues.filter(f -> !f.isDone()).toArray(CompletableFuture[]::new);
    if (pending.length == 0) {
      return;
    }
    try {
      CompletableFuture.allOf(pending).get(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "closing the engine: asynchronous checkpoints of " + pending.length + " session(s) did not "
          + "finish within checkpoint.checkpointTimeoutMs=" + timeout.toMillis()
          + "; closing the store anyway, they will fail");
    } catch (ExecutionException e) {
      LOG.log(Level.DEBUG, "an asynchronous checkpoint failed while the engine closed; its stage reports it", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
