package dev.magnus.rollback.tck;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A trivial DECOMPOSE-like strategy for the Steps group: restore the newest good checkpoint, then
 * replay each step with up to {@code maxAttempts} attempts (no waits), checkpointing after each
 * success; a step that exhausts its attempts ends in PARTIAL naming it. Stateless, so thread-safe.
 */
class StepReplayingStrategy extends NewestGoodStrategy {
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
    for (RecoveryStep step : ctx.steps()) {
      if (!replay(ctx, step)) {
        return RecoveryResult.from(restored).outcome(Outcome.PARTIAL).failedStep(step.name())
            .attempts(ctx.options().maxAttempts()).validations(1).message("step " + step.name() + " exhausted its attempts")
            .duration(Duration.between(start, ctx.clock().instant())).build();
      }
    }
    return restored;
  }

  private static boolean replay(RecoveryContext ctx, RecoveryStep step) {
    Optional<String> cause = Optional.empty();
    for (int attempt = 1; attempt <= ctx.options().maxAttempts(); attempt++) {
      ctx.attempted(attempt, Optional.of(step.name()), Duration.ZERO, cause);
      try {
        SessionState next = step.action().apply(ctx.currentState());
        ctx.update(s -> next);
        ctx.checkpoint(CheckpointType.RECOVERY_POINT, "after step " + step.name());
        return true;
      } catch (Exception e) {
        cause = Optional.of(String.valueOf(e.getMessage()));
      }
    }
    return false;
  }
}
