package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deliberately broken strategies: each one is {@link NewestGoodStrategy} or {@link StepReplayingStrategy}
 * with one realistic bug.
 */
final class BrokenStrategies {
  private BrokenStrategies() {}

  /** Trusts the newest checkpoint without loading it: corruption is not skipped. */
  static final class RestoresNewestBlindly extends NewestGoodStrategy {
    @Override
    Optional<SessionState> candidate(RecoveryContext ctx, CheckpointId id) {
      return Optional.of(ctx.currentState());
    }
  }

  /** Loads but never validates. */
  static final class IgnoresValidation extends NewestGoodStrategy {
    @Override
    Optional<SessionState> candidate(RecoveryContext ctx, CheckpointId id) {
      try {
        return Optional.of(ctx.load(id));
      } catch (dev.magnus.rollback.IntegrityViolationException corrupt) {
        return Optional.empty();
      }
    }
  }

  /** Lets a store failure escape as an exception. */
  static final class ThrowsOnStoreFailure extends NewestGoodStrategy {
    @Override
    RecoveryResult restore(RecoveryContext ctx, CheckpointId id, SessionState state, Instant start) {
      ctx.restore(id);
      return result(ctx, Outcome.SUCCESS, Optional.of(id), Optional.empty(), "restored", start);
    }
  }

  /** Applies the loaded state to memory before the restore commits: a failed restore leaves it applied. */
  static final class AppliesStateBeforeRestore extends NewestGoodStrategy {
    @Override
    RecoveryResult restore(RecoveryContext ctx, CheckpointId id, SessionState state, Instant start) {
      ctx.update(s -> state);
      return super.restore(ctx, id, state, start);
    }
  }

  /** Reports a hard-coded strategy name and a negative duration. */
  static final class WrongResultFields extends NewestGoodStrategy {
    @Override
    RecoveryResult result(RecoveryContext ctx, Outcome outcome, Optional<CheckpointId> restored,
        Optional<CheckpointId> point, String message, Instant start) {
      RecoveryResult r = super.result(ctx, outcome, restored, point, message, start);
      return RecoveryResult.from(r).strategy("IMMEDIATE").message("").duration(Duration.ofMillis(-1)).build();
    }
  }

  /** Claims success without restoring anything. */
  static final class ClaimsSuccessWithoutRestoring extends NewestGoodStrategy {
    @Override
    RecoveryResult restore(RecoveryContext ctx, CheckpointId id, SessionState state, Instant start) {
      return result(ctx, Outcome.SUCCESS, Optional.of(id), Optional.empty(), "restored (not really)", start);
    }
  }

  /** Walks the history from the oldest end: restores the oldest good checkpoint. */
  static final class RestoresOldestGood extends NewestGoodStrategy {
    @Override
    public RecoveryResult recover(RecoveryContext ctx) {
      Instant start = ctx.clock().instant();
      for (Checkpoint c : ctx.checkpoints()) {
        Optional<SessionState> state = candidate(c) ? candidate(ctx, c.id()) : Optional.empty();
        if (state.isPresent()) {
          return restore(ctx, c.id(), state.get(), start);
        }
      }
      return result(ctx, Outcome.FAILURE, Optional.empty(), Optional.empty(), "no good checkpoint", start);
    }
  }

  /** Treats a PRE_ROLLBACK like any other checkpoint. */
  static final class RestoresPreRollback extends NewestGoodStrategy {
    @Override
    boolean candidate(Checkpoint checkpoint) {
      return true;
    }
  }

  /** Assumes the newest checkpoint is the broken one and takes the one before it, if it checks out. */
  static final class RestoresSecondNewest extends NewestGoodStrategy {
    @Override
    public RecoveryResult recover(RecoveryContext ctx) {
      Instant start = ctx.clock().instant();
      List<Checkpoint> all = ctx.checkpoints();
      for (int i = all.size() - 2; i >= 0; i--) {
        Optional<SessionState> state = candidate(ctx, all.get(i).id());
        if (state.isPresent()) {
          return restore(ctx, all.get(i).id(), state.get(), start);
        }
      }
      return super.recover(ctx);
    }
  }

  /** Remembers the checkpoint it restored per session and restores it again while it is listed. */
  static final class CachesGoodCheckpointPerSession extends NewestGoodStrategy {
    private final Map<String, CheckpointId> good = new ConcurrentHashMap<>();

    @Override
    public RecoveryResult recover(RecoveryContext ctx) {
      CheckpointId cached = good.get(ctx.sessionId());
      if (cached != null && ctx.checkpoints().stream().anyMatch(c -> c.id().equals(cached))) {
        return restore(ctx, cached, ctx.load(cached), ctx.clock().instant());
      }
      RecoveryResult result = super.recover(ctx);
      result.restored().ifPresent(id -> good.put(ctx.sessionId(), id));
      return result;
    }
  }

  /** Measures the duration on the wall clock instead of the context's. */
  static final class WallClockDuration extends NewestGoodStrategy {
    @Override
    public RecoveryResult recover(RecoveryContext ctx) {
      Instant start = Instant.now();
      RecoveryResult r = super.recover(ctx);
      return RecoveryResult.from(r).duration(Duration.between(start, Instant.now())).build();
    }
  }

  /** Replays with one attempt more than maxAttempts. */
  static final class OneAttemptTooMany extends StepReplayingStrategy {
    @Override
    int attemptsFor(RecoveryContext ctx, int usedByEarlierSteps) {
      return super.attemptsFor(ctx, usedByEarlierSteps) + 1;
    }
  }

  /** Counts the first call as attempt 0: one attempt fewer than maxAttempts. */
  static final class OneAttemptTooFew extends StepReplayingStrategy {
    @Override
    int attemptsFor(RecoveryContext ctx, int usedByEarlierSteps) {
      return Math.max(1, super.attemptsFor(ctx, usedByEarlierSteps) - 1);
    }
  }

  /** Shares one budget of maxAttempts among all the steps of a recovery. */
  static final class CountsAttemptsAcrossSteps extends StepReplayingStrategy {
    @Override
    int attemptsFor(RecoveryContext ctx, int usedByEarlierSteps) {
      return Math.max(1, super.attemptsFor(ctx, usedByEarlierSteps) - usedByEarlierSteps);
    }
  }

  /** Retries whatever the failure type, ignoring retryOn. */
  static final class RetriesEverything extends StepReplayingStrategy {
    @Override
    int attemptsFor(RecoveryContext ctx, int usedByEarlierSteps) {
      return ctx.options().maxAttempts();
    }
  }

  /** Hard-codes the default rule (everything but VALIDATION_ERROR) instead of reading retryOn. */
  static final class HardCodesRetryOn extends StepReplayingStrategy {
    @Override
    int attemptsFor(RecoveryContext ctx, int usedByEarlierSteps) {
      return ctx.failure().type() == FailureType.VALIDATION_ERROR ? 1 : ctx.options().maxAttempts();
    }
  }

  /** Reports the first attempt once more before each retry. */
  static final class ReportsAttemptsTwice extends StepReplayingStrategy {
    @Override
    void report(RecoveryContext ctx, int attempt, RecoveryStep step, Duration wait, String cause) {
      if (attempt > 1) {
        super.report(ctx, attempt - 1, step, Duration.ZERO, null);
      }
      super.report(ctx, attempt, step, wait, cause);
    }
  }

  /** Reports retries numbered from 0 and without the previous attempt's cause. */
  static final class ReportsWrongNumbersAndCauses extends StepReplayingStrategy {
    @Override
    void report(RecoveryContext ctx, int attempt, RecoveryStep step, Duration wait, String cause) {
      super.report(ctx, attempt == 1 ? 1 : attempt - 1, step, wait, attempt == 1 ? null : "retrying");
    }
  }

  /** Waits initialDelay before every retry: the multiplier is ignored. */
  static final class IgnoresMultiplier extends StepReplayingStrategy {
    @Override
    Duration waitBefore(RecoveryConfig options, int attempt) {
      return options.initialDelay();
    }
  }

  /** Grows the wait by the multiplier without the maxDelay cap. */
  static final class IgnoresCap extends StepReplayingStrategy {
    @Override
    Duration waitBefore(RecoveryConfig options, int attempt) {
      return Duration.ofMillis((long) (options.initialDelay().toMillis()
          * Math.pow(options.backoffMultiplier(), attempt - 2)));
    }
  }

  /** Sleeps on the real clock between attempts. */
  static final class SleepsOnTheRealClock extends StepReplayingStrategy {
    @Override
    void sleep(RecoveryContext ctx, Duration wait) throws InterruptedException {
      Thread.sleep(wait.toMillis());
    }
  }

  /** Reports the right wait but retries at once. */
  static final class ReportsWaitsButDoesNotWait extends StepReplayingStrategy {
    @Override
    void sleep(RecoveryContext ctx, Duration wait) {
      // retries at once
    }
  }

  /** Runs each attempt on the recovering thread with no time limit. */
  static final class IgnoresStepTimeout extends StepReplayingStrategy {
    @Override
    SessionState attempt(RecoveryContext ctx, RecoveryStep step, SessionState input) throws Exception {
      return step.action().apply(input);
    }
  }

  /** Times an attempt out but leaves its thread running: the hung call is never interrupted. */
  static final class TimesOutWithoutInterrupting extends StepReplayingStrategy {
    @Override
    SessionState attempt(RecoveryContext ctx, RecoveryStep step, SessionState input) throws Exception {
      CompletableFuture<SessionState> result = new CompletableFuture<>();
      new Thread(() -> run(step, input, result), "kit-abandoned-step").start();
      Duration timeout = ctx.options().stepTimeout();
      ctx.scheduler().schedule(() -> result.completeExceptionally(new TimeoutException("timed out after " + timeout)),
          timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        return result.get();
      } catch (ExecutionException e) {
        throw (Exception) e.getCause();
      }
    }
  }

  /** Catches the interrupt while waiting and goes on with the next attempt. */
  static final class SwallowsInterrupt extends StepReplayingStrategy {
    @Override
    void sleep(RecoveryContext ctx, Duration wait) {
      try {
        super.sleep(ctx, wait);
      } catch (InterruptedException e) {
        // carries on with the next attempt
      }
    }
  }

  /** Stops when interrupted but does not set the interrupt flag again. */
  static final class ClearsTheInterruptFlag extends StepReplayingStrategy {
    @Override
    void keepInterrupt() {
      // the flag stays cleared
    }
  }

  /** Runs every step on the restored state instead of the previous step's output. */
  static final class RunsStepsOnTheRestoredState extends StepReplayingStrategy {
    @Override
    SessionState stepInput(RecoveryContext ctx, SessionState restored) {
      return restored;
    }
  }

  /** Goes on with the next step after one that failed. */
  static final class ContinuesAfterAFailedStep extends StepReplayingStrategy {
    @Override
    boolean continueAfterFailure() {
      return true;
    }
  }

  /** Checkpoints before it applies a step's output: each RECOVERY_POINT holds the state before its step. */
  static final class CheckpointsBeforeApplying extends StepReplayingStrategy {
    @Override
    CheckpointId commit(RecoveryContext ctx, RecoveryStep step, SessionState output) {
      CheckpointId id = ctx.checkpoint(CheckpointType.RECOVERY_POINT, "after step " + step.name()).id();
      ctx.update(s -> output);
      return id;
    }
  }

  /** On a failed step, restores the checkpoint it first restored, losing the steps that succeeded. */
  static final class PartialDropsGoodSteps extends StepReplayingStrategy {
    @Override
    RecoveryResult partial(RecoveryContext ctx, RecoveryResult restored, RecoveryStep step, CheckpointId lastGood,
        Replay replay, Instant start) {
      RollbackResult back = ctx.restore(restored.restored().orElseThrow());
      return super.partial(ctx, restored, step, back.recoveryPoint().id(), replay, start);
    }
  }
}
