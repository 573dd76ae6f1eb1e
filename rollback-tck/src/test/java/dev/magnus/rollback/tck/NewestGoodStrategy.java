package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A trivial correct strategy for the TCK's own tests: restore the newest checkpoint that loads and
 * validates, never a PRE_ROLLBACK. Broken variants override one hook each. Stateless, so thread-safe.
 */
class NewestGoodStrategy implements RecoveryStrategy {
  @Override
  public String name() {
    return "NEWEST_GOOD";
  }

  @Override
  public RecoveryResult recover(RecoveryContext ctx) {
    Instant start = ctx.clock().instant();
    List<Checkpoint> all = ctx.checkpoints();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (!candidate(all.get(i))) {
        continue;
      }
      CheckpointId id = all.get(i).id();
      Optional<SessionState> state = candidate(ctx, id);
      if (state.isPresent()) {
        return restore(ctx, id, state.get(), start);
      }
    }
    return result(ctx, Outcome.FAILURE, Optional.empty(), Optional.empty(), "no good checkpoint", start);
  }

  /** Tell whether a checkpoint may be restored at all: never a PRE_ROLLBACK, which holds the bad state. */
  boolean candidate(Checkpoint checkpoint) {
    return checkpoint.type() != CheckpointType.PRE_ROLLBACK;
  }

  /** Load and validate one candidate; empty if it must be skipped. */
  Optional<SessionState> candidate(RecoveryContext ctx, CheckpointId id) {
    try {
      SessionState s = ctx.load(id);
      return ctx.validate(s).isValid() ? Optional.of(s) : Optional.empty();
    } catch (IntegrityViolationException corrupt) {
      return Optional.empty();
    }
  }

  RecoveryResult restore(RecoveryContext ctx, CheckpointId id, SessionState state, Instant start) {
    try {
      RollbackResult r = ctx.restore(id);
      return result(ctx, Outcome.SUCCESS, Optional.of(id), Optional.of(r.recoveryPoint().id()), "restored " + id, start);
    } catch (RollbackException e) {
      return result(ctx, Outcome.FAILURE, Optional.empty(), Optional.empty(), "restore failed: " + e.getMessage(), start);
    }
  }

  RecoveryResult result(RecoveryContext ctx, Outcome outcome, Optional<CheckpointId> restored,
      Optional<CheckpointId> point, String message, Instant start) {
    RecoveryResult.Builder result = RecoveryResult.builder(ctx.sessionId(), name(), ctx.failure().type(), outcome)
        .attempts(1).validations(1).message(message).duration(Duration.between(start, ctx.clock().instant()));
    restored.ifPresent(result::restored);
    point.ifPresent(result::recoveryPoint);
    return result.build();
  }
}
