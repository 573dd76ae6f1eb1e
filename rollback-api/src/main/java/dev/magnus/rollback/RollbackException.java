package dev.magnus.rollback;

/**
 * Signal a failure of a Session Rollback operation; the root of every exception the framework throws.
 *
 * <p>Subclasses name the kind of failure. Every message says what was wrong, with which value, and
 * what to do about it. An operation that throws one of these leaves session state unchanged.
 */
public class RollbackException extends RuntimeException {
  /**
   * Create an exception with a message.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public RollbackException(String message) {
    super(message);
  }

  /**
   * Create an exception with a message and the cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public RollbackException(String message, Throwable cause) {
    super(message, cause);
  }
}
