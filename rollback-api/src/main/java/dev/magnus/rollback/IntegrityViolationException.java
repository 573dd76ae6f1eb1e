package dev.magnus.rollback;

import java.util.Objects;

/**
 * Signal that stored checkpoint data failed its hash, chain or framing check; the state was not applied.
 */
public class IntegrityViolationException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public IntegrityViolationException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public IntegrityViolationException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Create the exception for one checkpoint of a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param checkpointId the checkpoint it concerns, returned by {@link #checkpointId()}
   */
  public IntegrityViolationException(String message, String sessionId, CheckpointId checkpointId) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(checkpointId, "checkpointId"),
        null);
  }
}
