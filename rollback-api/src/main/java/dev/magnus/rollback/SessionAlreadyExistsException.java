package dev.magnus.rollback;

/**
 * Signal that a session being initialized already exists; resume it instead.
 */
public class SessionAlreadyExistsException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public SessionAlreadyExistsException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public SessionAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
