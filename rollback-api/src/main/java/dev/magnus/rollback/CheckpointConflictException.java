package dev.magnus.rollback;

import java.util.Objects;

/**
 * Signal that a store already holds a checkpoint with the same (session, sequence) or id.

 <p>This is the compare-and-set that keeps two engines from overwriting each other: the loser of the
 race gets this exception and its state is unchanged.
 */
public class CheckpointConflictException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public CheckpointConflictException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public CheckpointConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Create the exception for one checkpoint of a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param checkpointId the checkpoint it concerns, returned by {@link #checkpointId()}
   */
  public CheckpointConflictException(String message, String sessionId, CheckpointId checkpointId) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(checkpointId, "checkpointId"),
        null);
  }

  /**
   * Create the exception for one checkpoint of a session, with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param checkpointId the checkpoint it concerns, returned by {@link #checkpointId()}
   * @param cause the underlying failure
   */
  public CheckpointConflictException(String message, String sessionId, CheckpointId checkpointId, Throwable cause) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(checkpointId, "checkpointId"),
        cause);
  }
}
