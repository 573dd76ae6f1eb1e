package dev.magnus.rollback.strategies;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/*
 * DECOMPOSE: restore the last good checkpoint, then replay the failed operation one step at a time.
 *
 * Phase 1 is IMMEDIATE's search (GoodCheckpointRestorer); if nothing is good the result is FAILURE
 * and no step runs. Phase 2 runs failure.steps() in order, each through StepRunner (Resilience4j
 * Retry + TimeLimiter), on the state current at that moment. A step's result is applied with
 * context.update() and made durable with a RECOVERY_POINT checkpoint described "after step <name>";
 * that checkpoint becomes the last good one. A failed attempt never touches the session state.
 *
 * When a step exhausts its attempts (or its update/checkpoint fails) the remaining steps are
 * skipped, the last good checkpoint is restored with the engine's atomic restore() (the initially
 * restored checkpoint when no step succeeded), and the result is PARTIAL naming the step, its
 * attempts and the last cause. Restoring is redundant for the in-memory state, which a failed step
 * never changed, but it makes the committed newest checkpoint equal to the reported state, exactly
 * what a resumed session would load.
 *
 * Result fields: restored is the checkpoint whose state the last restore applied; recoveryPoint is
 * the newest RECOVERY_POINT holding the final state (restore()'s, or the last "after step"
 * checkpoint); attempts counts restores plus step attempts. Retry and time limits come from the
 * RecoveryConfig given at creation (the provider's), not from context.options(), so the Resilience4j
 * configs are built once. Thread-safe: the only state is the immutable StepRunner configuration.
 */
final class DecomposeStrategy implements RecoveryStrategy {
  static final String NAME = "DECOMPOSE";

  private final StepRunner runner;

  DecomposeStrategy(RecoveryConfig config, Executor stepExecutor) {
    this.runner = new StepRunner(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(stepExecutor, "stepExecutor"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RecoveryResult recover(RecoveryContext context) {
    Objects.requireNonNull(context, "context");
    Results results = new Results(NAME, context);
    GoodCheckpointRestorer.Restoration found = GoodCheckpointRestorer.restoreNewest(context);
    if (found.rollback().isEmpty()) {
      return results.failure(found.restores(), found.validations(), "no checkpoint of session "
          + context.sessionId() + " passed integrity and validation; no step was replayed" + found.rejectionSummary());
    }
    return new Replay(context, results, found).run();
  }

  /* One replay of one session's steps; confined to the recovering thread. */
  private final class Replay {
    private final RecoveryContext context;
    private final Results results;
    private final GoodCheckpointRestorer.Restoration found;
    private final List<String> done = new ArrayList<>();
    private CheckpointId lastGood;
    private CheckpointId recoveryPoint;
    private int attempts;

    Replay(RecoveryContext context, Results results, GoodCheckpointRestorer.Restoration found) {
      RollbackResult rollback = found.rollback().orElseThrow();
      this.context = context;
      this.results = results;
      this.found = found;
      this.lastGood = rollback.target().id();
      this.recoveryPoint = rollback.recoveryPoint().id();
      this.attempts = found.restores();
    }

    RecoveryResult run() {
      for (RecoveryStep step : context.steps()) {
        StepRunner.StepOutcome outcome = runner.run(step, context.currentState(), context);
        attempts += outcome.attempts();
        Optional<Throwable> cause = outcome.succeeded() ? apply(step, outcome.state().orElseThrow()) : outcome.cause();
        if (cause.isPresent()) {
          return partial(step, outcome.attempts(), cause.get());
        }
        done.add(step.name() + " (" + plural(outcome.attempts(), "attempt") + ")");
      }
      return results.success(found.rollback().orElseThrow().target().id(), recoveryPoint, attempts,
          found.validations(), "restored checkpoint " + found.rollback().orElseThrow().target().id()
              + replayed() + found.rejectionSummary());
    }

    private Optional<Throwable> apply(RecoveryStep step, SessionState after) {
      try {
        context.update(current -> after);
        CheckpointId id = context.checkpoint(CheckpointType.RECOVERY_POINT, "after step " + step.name()).id();
        lastGood = id;
        recoveryPoint = id;
        return Optional.empty();
      } catch (RollbackException e) {
        return Optional.of(e);
      }
    }

    private RecoveryResult partial(RecoveryStep step, int stepAttempts, Throwable cause) {
      String message = "step '" + step.name() + "' failed after " + plural(stepAttempts, "attempt")
          + " (last cause: " + Causes.describe(cause) + ")" + replayed();
      try {
        RollbackResult back = context.restore(lastGood);
        attempts++;
        recoveryPoint = back.recoveryPoint().id();
        message += "; restored checkpoint " + lastGood;
      } catch (RollbackException e) {
        message += "; restoring checkpoint " + lastGood + " failed (" + Causes.describe(e) + ")";
      }
      return results.partial(lastGood, recoveryPoint, step.name(), attempts, found.validations(),
          message + found.rejectionSummary());
    }

    private String replayed() {
      return done.isEmpty() ? "" : "; replayed " + String.join(", ", done);
    }
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
