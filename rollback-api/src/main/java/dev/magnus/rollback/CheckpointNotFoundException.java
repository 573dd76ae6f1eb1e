package dev.magnus.rollback;

import java.util.Objects;

/**
 * Signal that a checkpoint id is unknown, or belongs to another session.
 */
public class CheckpointNotFoundException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public CheckpointNotFoundException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public CheckpointNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Create the exception for one checkpoint of a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param checkpointId the checkpoint it concerns, returned by {@link #checkpointId()}
   */
  public CheckpointNotFoundException(String message, String sessionId, CheckpointId checkpointId) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(checkpointId, "checkpointId"),
        null);
  }
}
