package dev.magnus.rollback;

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
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public ClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
