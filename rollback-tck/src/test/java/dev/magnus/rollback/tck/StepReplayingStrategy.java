package dev.magnus.rollback.tck;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small DECOMPOSE-like strategy for the kit's own tests, written without Resilience4j so that the
 * contract is proven against a second, independent implementation: restore the newest good
 * checkpoint, then replay each step on the recovering thread's behalf. Each attempt runs the action on
 * a pool thread under a time limit scheduled on the context's scheduler (which interrupts the action);
 * the wait before attempt k ({@code initialDelay * multiplier^(k-2)}, capped) is a task on the same
 * scheduler that the recovering thread waits for. After each step that succeeds the state is updated
 * and checkpointed; a step that exhausts its attempts, or an interrupt, ends the replay with PARTIAL,
 * keeping the state after the last good step and the interrupt flag. Broken variants override one hook
 * each. Stateless, so thread-safe.
 */
class StepReplayingStrategy extends NewestGoodStrategy {
  private static final ExecutorService ACTIONS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kit-step-action");
    t.setDaemon(true);
    return t;
  });

  /** How one step's replay ended. */
  record Replay(Optional<SessionState> state, int attempts, String cause, boolean interrupted) {}

  @Override
  public String name() {
    return "STEP_REPLAY";
  }

  @Override
  RecoveryResult restore(RecoveryContext ctx, CheckpointId id, SessionState state, Instant start) {
    RecoveryResult restored = super.restore(ctx, id, state, start);
    if (restored.outcome() != Outcome.SUCCESS) {
      return restored;
    }
    CheckpointId lastGood = restored.recoveryPoint().orElseThrow();
    int used = 0;
    for (RecoveryStep step : ctx.steps()) {
      Replay replay = replay(ctx, step, used, stepInput(ctx, state));
      used += replay.attempts();
      if (replay.state().isPresent()) {
        lastGood = commit(ctx, step, replay.state().get());
      } else if (replay.interrupted() || !continueAfterFailure()) {
        return partial(ctx, restored, step, lastGood, replay, start);
      }
    }
    return RecoveryResult.from(restored).recoveryPoint(lastGood)
        .duration(Duration.between(start, ctx.clock().instant())).build();
  }

  /** The state a step runs on: the current one, which the previous step left. */
  SessionState stepInput(RecoveryContext ctx, SessionState restored) {
    return ctx.currentState();
  }

  /** Whether to go on with the next step after one that failed. */
  boolean continueAfterFailure() {
    return false;
  }

  /** Apply a step's output and checkpoint it; returns the RECOVERY_POINT. */
  CheckpointId commit(RecoveryContext ctx, RecoveryStep step, SessionState output) {
    ctx.update(s -> output);
    return ctx.checkpoint(CheckpointType.RECOVERY_POINT, "after step " + step.name()).id();
  }

  RecoveryResult partial(RecoveryContext ctx, RecoveryResult restored, RecoveryStep step, CheckpointId lastGood,
      Replay replay, Instant start) {
    String why = replay.interrupted() ? "was interrupted" : "failed after " + replay.attempts() + " attempts";
    return RecoveryResult.from(restored).outcome(Outcome.PARTIAL).failedStep(step.name()).recoveryPoint(lastGood)
        .message("step " + step.name() + " " + why + " (last cause: " + replay.cause() + ")")
        .duration(Duration.between(start, ctx.clock().instant())).build();
  }

  Replay replay(RecoveryContext ctx, RecoveryStep step, int usedByEarlierSteps, SessionState input) {
    RecoveryConfig options = ctx.options();
    int max = attemptsFor(ctx, usedByEarlierSteps);
    String cause = null;
    for (int attempt = 1; attempt <= max; attempt++) {
      Duration wait = attempt == 1 ? Duration.ZERO : waitBefore(options, attempt);
      try {
        if (attempt > 1) {
          sleep(ctx, wait);
        }
        report(ctx, attempt, step, wait, cause);
        return new Replay(Optional.of(attempt(ctx, step, input)), attempt, null, false);
      } catch (InterruptedException e) {
        keepInterrupt();
        return new Replay(Optional.empty(), attempt, "interrupted: " + e.getMessage(), true);
      } catch (Exception e) {
        cause = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (Thread.currentThread().isInterrupted()) {
        return new Replay(Optional.empty(), attempt, "interrupted after " + cause, true);
      }
    }
    return new Replay(Optional.empty(), max, cause, false);
  }

  /** Attempts for a step: maxAttempts when the failure's type is retried, else one. */
  int attemptsFor(RecoveryContext ctx, int usedByEarlierSteps) {
    return ctx.options().retryOn().contains(ctx.failure().type()) ? ctx.options().maxAttempts() : 1;
  }

  /** The wait before an attempt from the second on. */
  Duration waitBefore(RecoveryConfig options, int attempt) {
    double millis = options.initialDelay().toMillis() * Math.pow(options.backoffMultiplier(), attempt - 2);
    return Duration.ofMillis((long) Math.min(millis, options.maxDelay().toMillis()));
  }

  /** Wait on the context's scheduler. */
  void sleep(RecoveryContext ctx, Duration wait) throws InterruptedException {
    try {
      ctx.scheduler().schedule(() -> { }, wait.toMillis(), TimeUnit.MILLISECONDS).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a no-op wait failed", e);
    }
  }

  void report(RecoveryContext ctx, int attempt, RecoveryStep step, Duration wait, String cause) {
    ctx.attempted(attempt, Optional.of(step.name()), wait, Optional.ofNullable(cause));
  }

  void keepInterrupt() {
    Thread.currentThread().interrupt();
  }

  /** Run one attempt on a pool thread under the step time limit; a timeout interrupts it. */
  SessionState attempt(RecoveryContext ctx, RecoveryStep step, SessionState input) throws Exception {
    CompletableFuture<SessionState> result = new CompletableFuture<>();
    Future<?> task = ACTIONS.submit(() -> run(step, input, result));
    Duration timeout = ctx.options().stepTimeout();
    ScheduledFuture<?> limit = ctx.scheduler().schedule(() -> {
      if (result.completeExceptionally(new TimeoutException("step " + step.name() + " timed out after " + timeout))) {
        task.cancel(true);
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (InterruptedException e) {
      task.cancel(true);
      throw e;
    } finally {
      limit.cancel(false);
    }
  }

  static void run(RecoveryStep step, SessionState input, CompletableFuture<SessionState> result) {
    try {
      result.complete(step.action().apply(input));
    } catch (Exception e) {
      result.completeExceptionally(e);
    }
  }
}
