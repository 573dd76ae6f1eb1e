package dev.magnus.rollback;

/**
 * Signal that stored checkpoint data failed its hash, chain or framing check; the state was not applied.
 */
public class IntegrityViolationException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public IntegrityViolationException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public IntegrityViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
