package dev.magnus.rollback.strategies;

import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.Objects;

/*
 * IMMEDIATE: restore the newest checkpoint that passes integrity and validation, and stop there.
 *
 * The search is GoodCheckpointRestorer's (PRE_ROLLBACK checkpoints are never restored; rejected
 * candidates are reported through attempted() and named in the message). SUCCESS carries the
 * restored checkpoint and the RECOVERY_POINT that restore() wrote; FAILURE means no candidate was
 * good and the session state is unchanged. The failure's steps, if any, are ignored. Stateless and
 * thread-safe; everything it does to a session goes through that session's context.
 */
final class ImmediateStrategy implements RecoveryStrategy {
  static final String NAME = "IMMEDIATE";

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
      return results.failure(found.restores(), found.validations(),
          "no checkpoint of session " + context.sessionId() + " passed integrity and validation"
              + found.rejectionSummary());
    }
    RollbackResult rollback = found.rollback().get();
    return results.success(rollback.target().id(), rollback.recoveryPoint().id(), found.restores(),
        found.validations(), "restored checkpoint " + rollback.target().id() + found.rejectionSummary());
  }
}
