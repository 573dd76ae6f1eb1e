package dev.magnus.rollback;

/**
 * Signal that a checkpoint id is unknown, or belongs to another session.
 */
public class CheckpointNotFoundException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public CheckpointNotFoundException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public CheckpointNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
