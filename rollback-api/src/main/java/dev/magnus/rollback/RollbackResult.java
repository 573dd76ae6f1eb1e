package dev.magnus.rollback;

import java.time.Duration;
import java.util.Objects;

/**
 * Report a committed rollback. Immutable.
 *
 * @param sessionId the session rolled back
 * @param target the checkpoint whose state was restored
 * @param preRollback the PRE_ROLLBACK checkpoint holding the state before the rollback
 * @param recoveryPoint the RECOVERY_POINT checkpoint, the commit point, holding the restored state
 * @param restoredState the state now current
 * @param duration how long the rollback took
 */
public record RollbackResult(
    String sessionId,
    Checkpoint target,
    Checkpoint preRollback,
    Checkpoint recoveryPoint,
    SessionState restoredState,
    Duration duration) {
  /** Validate. */
  public RollbackResult {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(preRollback, "preRollback");
    Objects.requireNonNull(recoveryPoint, "recoveryPoint");
    Objects.requireNonNull(restoredState, "restoredState");
    Objects.requireNonNull(duration, "duration");
  }
}
