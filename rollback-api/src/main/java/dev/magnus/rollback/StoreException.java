package dev.magnus.rollback;

import java.util.Objects;

/**
 * Signal that a checkpoint store failed to read or write. A store's failed call did not take effect;
 * when the engine reports a failed append, the message says whether its outcome is unknown (the store
 * may hold the checkpoint all the same), which the engine settles with the store before the session's
 * next append.
 */
public class StoreException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Create the exception for a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   */
  public StoreException(String message, String sessionId) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), null, null);
  }

  /**
   * Create the exception for a session, with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param cause the underlying failure
   */
  public StoreException(String message, String sessionId, Throwable cause) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), null, cause);
  }

  /**
   * Create the exception for one checkpoint of a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param checkpointId the checkpoint it concerns, returned by {@link #checkpointId()}
   */
  public StoreException(String message, String sessionId, CheckpointId checkpointId) {
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
  public StoreException(String message, String sessionId, CheckpointId checkpointId, Throwable cause) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), Objects.requireNonNull(checkpointId, "checkpointId"),
        cause);
  }
}
