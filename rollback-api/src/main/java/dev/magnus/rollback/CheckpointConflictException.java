package dev.magnus.rollback;

/**
 * Signal that a store already holds a checkpoint with the same (session, sequence) or id.

 <p>This is the compare-and-set that keeps two engines from overwriting each other: the loser of the
 race gets this exception and its state is unchanged.
 */
public class CheckpointConflictException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public CheckpointConflictException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public CheckpointConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
