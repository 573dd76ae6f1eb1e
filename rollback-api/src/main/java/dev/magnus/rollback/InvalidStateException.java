package dev.magnus.rollback;

import java.util.Objects;

/**
 * Signal that session state is not acceptable: an attribute value that is not JSON-compatible, a bad key, or a state larger than the configured limit.
 */
public class InvalidStateException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public InvalidStateException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public InvalidStateException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Create the exception for a session.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   */
  public InvalidStateException(String message, String sessionId) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), null, null);
  }

  /**
   * Create the exception for a session, with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param sessionId the session it concerns, returned by {@link #sessionId()}
   * @param cause the underlying failure
   */
  public InvalidStateException(String message, String sessionId, Throwable cause) {
    super(message, Objects.requireNonNull(sessionId, "sessionId"), null, cause);
  }
}
