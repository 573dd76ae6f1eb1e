package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackException;
import java.util.Objects;

/**
 * Report that a decorated PR #1 component failed and that recovery ran, but could not give the caller
 * the component's result. Thrown by the decorators of {@link RollbackBridge}.
 *
 * <p>What the caller can do depends on {@link #recovery()}: when it {@linkplain RecoveryResult#succeeded()
 * succeeded}, the session is back at a good checkpoint (for example IMMEDIATE restored one without
 * replaying the call), so calling again is safe; when it is PARTIAL or FAILURE, the session holds the
 * last good state the strategy could restore and the call should not simply be repeated. The original
 * exception of the component is the {@linkplain #getCause() cause}.
 */
public final class Pr1ComponentException extends RollbackException {
  private final FailureType failureType;
  private final String operation;
  private final transient RecoveryResult recovery;

  /**
   * Create the exception; its {@link #sessionId()} is the recovered session's.
   *
   * @param failureType the failure type recovery ran for
   * @param operation the port method that failed, for example {@code detectPatterns}
   * @param recovery how recovery ended
   * @param cause what the component threw
   */
  public Pr1ComponentException(FailureType failureType, String operation, RecoveryResult recovery, Throwable cause) {
    super(operation + " failed (" + failureType + ": " + cause.getMessage() + "); recovery by " + recovery.strategy()
        + " ended " + recovery.outcome() + ": " + recovery.message()
        + (recovery.succeeded() ? "; the session is at a good checkpoint, the call may be repeated"
            : "; the session holds the last good state recovery could restore"), recovery.sessionId(), null, cause);
    this.failureType = Objects.requireNonNull(failureType, "failureType");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.recovery = Objects.requireNonNull(recovery, "recovery");
  }

  /**
   * Return the failure type recovery ran for.
   *
   * @return PATTERN_DETECTION_ERROR, SCORING_CALCULATION_ERROR or THERAPEUTIC_LOOP_ERROR
   */
  public FailureType failureType() {
    return failureType;
  }

  /**
   * Return the port method that failed.
   *
   * @return for example {@code scoreModels}
   */
  public String operation() {
    return operation;
  }

  /**
   * Return how recovery ended.
   *
   * @return the recovery result
   */
  public RecoveryResult recovery() {
    return recovery;
  }
}
