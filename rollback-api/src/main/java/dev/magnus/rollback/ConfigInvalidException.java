package dev.magnus.rollback;

/**
 * Signal that configuration is invalid; the message lists every problem with its key path.
 */
public class ConfigInvalidException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public ConfigInvalidException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public ConfigInvalidException(String message, Throwable cause) {
    super(message, cause);
  }
}
