package dev.magnus.rollback;

/**
 * Signal that a session id is not known to the engine or its store.
 */
public class SessionNotFoundException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public SessionNotFoundException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public SessionNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
