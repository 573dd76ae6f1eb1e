package dev.magnus.rollback;

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
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public InvalidStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
