package dev.magnus.rollback;

/**
 * Signal that a checkpoint store failed to read or write. A store's failed call did not take effect;
 * when the engine reports a failed append, the message says whether its outcome is unknown (the store
 * may hold the checkpoint all the same), which the engine settles with the store before the session's
 * next append.
 */
public class StoreException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
