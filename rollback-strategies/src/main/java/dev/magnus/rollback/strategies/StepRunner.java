package dev.magnus.rollback.strategies;

import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/*
 * Runs one RecoveryStep under a Resilience4j Retry and a per-attempt TimeLimiter.
 *
 * Retry: maxAttempts attempts when the failure's type is in recovery.retryOn, else one; waits from
 * IntervalFunction.ofExponentialBackoff(initialDelay, backoffMultiplier, maxDelay) in whole
 * milliseconds (Resilience4j's unit; longer durations saturate), so the wait before attempt n+1 is
 * initialDelay * multiplier^(n-1), capped. Resilience4j rejects a 0 ms initial interval, which our
 * config allows, so under 1 ms means "retry at once" through a constant function.
 * Every exception is retried,
 * including the TimeLimiter's TimeoutException. The async API is used so that every wait is a task
 * on the context's ScheduledExecutorService and every time limit a timeout task on the same
 * scheduler; nothing here sleeps.
 *
 * Threads. Step actions run on the step executor, not on the scheduler: an action that hangs must
 * not occupy the thread that would run its own timeout. When the TimeLimiter fires, the action's task
 * is cancelled with interruption, so an action that honours interrupts frees its thread. Retry
 * events arrive on scheduler or executor threads, but the context may only be used by the strategy's
 * own thread (the engine holds the session lock there), so the listener only enqueues signals;
 * run() reports the first attempt itself, then drains the queue on the recovering thread, turning
 * each retry into context.attempted(...) in order, until the final Done signal; so every attempt of
 * a step, the first included, is audited once. If the recovering thread is interrupted while it waits,
 * the step counts as failed at once (the interrupt flag is kept), and retries already scheduled end
 * without running the step again. A Retry and TimeLimiter are created per step run, so
 * their events belong to exactly one session and step; the configs are immutable and shared.
 */
final class StepRunner {
  private final RetryConfig retrying;
  private final RetryConfig once;
  private final TimeLimiterConfig limit;
  private final Set<FailureType> retryOn;
  private final Executor actions;

  StepRunner(RecoveryConfig config, Executor actions) {
    long initialMs = TimeUnit.MILLISECONDS.convert(config.initialDelay());
    IntervalFunction backoff = initialMs == 0
        ? attempt -> 0L
        : IntervalFunction.ofExponentialBackoff(
            initialMs, config.backoffMultiplier(), TimeUnit.MILLISECONDS.convert(config.maxDelay()));
    this.retrying = RetryConfig.custom()
        .maxAttempts(config.maxAttempts())
        .intervalFunction(backoff)
        .retryOnException(t -> true)
        .build();
    this.once = RetryConfig.from(retrying).maxAttempts(1).build();
    this.limit = TimeLimiterConfig.custom()
        .timeoutDuration(atMostMaxMillis(config.stepTimeout()))
        .cancelRunningFuture(true)
        .build();
    this.retryOn = config.retryOn();
    this.actions = actions;
  }

  /** Cap a time limit at Long.MAX_VALUE ms, the longest Resilience4j can schedule. */
  private static Duration atMostMaxMillis(Duration limit) {
    Duration max = Duration.ofMillis(Long.MAX_VALUE);
    return limit.compareTo(max) > 0 ? max : limit;
  }

  /** How one step ended: the state it produced, or the last cause, and the attempts it took. */
  record StepOutcome(Optional<SessionState> state, int attempts, Optional<Throwable> cause) {
    boolean succeeded() {
      return state.isPresent();
    }
  }

  private sealed interface Signal permits Retrying, Done {}

  private record Retrying(int attempt, Duration waitBefore, String cause) implements Signal {}

  private record Done(SessionState state, Throwable error) implements Signal {}

  StepOutcome run(RecoveryStep step, SessionState before, RecoveryContext context) {
    boolean retried = retryOn.contains(context.failure().type());
    Retry retry = Retry.of("recovery-step-" + step.name(), retried ? retrying : once);
    TimeLimiter limiter = TimeLimiter.of("recovery-step-" + step.name(), limit);
    BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    AtomicInteger attempts = new AtomicInteger();
    retry.getEventPublisher().onRetry(e -> signals.add(
        new Retrying(e.getNumberOfRetryAttempts() + 1, e.getWaitInterval(), Causes.describe(e.getLastThrowable()))));
    ScheduledExecutorService scheduler = context.scheduler();
    context.attempted(1, Optional.of(step.name()), Duration.ZERO, Optional.empty());
    AtomicBoolean abandoned = new AtomicBoolean();
    Supplier<CompletionStage<SessionState>> attempt = () -> {
      if (abandoned.get()) {
        return CompletableFuture.failedFuture(new CancellationException("the recovery was interrupted"));
      }
      attempts.incrementAndGet();
      return limiter.executeCompletionStage(scheduler, () -> start(step, before));
    };
    Retry.decorateCompletionStage(retry, scheduler, attempt).get()
        .whenComplete((state, error) -> signals.add(new Done(state, error)));
    return drain(signals, step, context, attempts, abandoned);
  }

  private StepOutcome drain(BlockingQueue<Signal> signals, RecoveryStep step, RecoveryContext context,
      AtomicInteger attempts, AtomicBoolean abandoned) {
    while (true) {
      Signal signal;
      try {
        signal = signals.take();
      } catch (InterruptedException e) {
        abandoned.set(true); // retries already scheduled must not run the step once recover() has returned
        Thread.currentThread().interrupt();
        return new StepOutcome(Optional.empty(), attempts.get(), Optional.of(e));
      }
      if (signal instanceof Retrying r) {
        context.attempted(r.attempt(), Optional.of(step.name()), r.waitBefore(), Optional.of(r.cause()));
      } else if (signal instanceof Done d) {
        return d.error() == null
            ? new StepOutcome(Optional.of(d.state()), attempts.get(), Optional.empty())
            : new StepOutcome(Optional.empty(), attempts.get(), Optional.of(Causes.unwrap(d.error())));
      }
    }
  }

  /* Starts one attempt of the action on the step executor; a timeout interrupts it. */
  private CompletableFuture<SessionState> start(RecoveryStep step, SessionState before) {
    CompletableFuture<SessionState> result = new CompletableFuture<>();
    FutureTask<Void> task = new FutureTask<>(() -> apply(step, before, result), null);
    result.whenComplete((state, error) -> {
      if (error != null && Causes.unwrap(error) instanceof TimeoutException) {
        task.cancel(true);
      }
    });
    try {
      actions.execute(task);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  private static void apply(RecoveryStep step, SessionState before, CompletableFuture<SessionState> result) {
    try {
      SessionState after = step.action().apply(before);
      if (after == null) {
        throw new IllegalStateException("step '" + step.name() + "' returned null instead of a state");
      }
      result.complete(after);
    } catch (Exception e) {
      result.completeExceptionally(e);
    } catch (Error e) {
      result.completeExceptionally(e);
      throw e;
    }
  }
}
