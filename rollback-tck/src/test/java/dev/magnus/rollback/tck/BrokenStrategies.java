package dev.magnus.rollback.tck;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Deliberately broken strategies: each one is {@link NewestGoodStrategy} with one realistic bug. */
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
}
