package dev.magnus.rollback;

/**
 * Signal that no store, strategy or engine provider has the requested name; the message lists the names available and the module that provides the one asked for.
 */
public class ProviderNotFoundException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public ProviderNotFoundException(String message) {
    super(message);
  }

  /**
   * Create the exception with its cause; when the cause is a {@link RollbackException}, this one concerns
   * the same session and checkpoint.
   *
   * @param message what went wrong, with the offending value and the fix
   * @param cause the underlying failure
   */
  public ProviderNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
