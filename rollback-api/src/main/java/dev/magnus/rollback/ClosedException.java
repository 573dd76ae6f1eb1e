package dev.magnus.rollback;

import java.util.Objects;

/**
 * Signal an operation on a closed engine, session or store; open a new one.
 */
public class ClosedException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public ClosedException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public ClosedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Create the exception for a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   */
  public ClosedException(String message, String sessionId) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), null, null);
  }
}
