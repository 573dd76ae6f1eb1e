package dev.magnus.rollback;

import java.util.List;

/**
 * Signal that no store, strategy or engine provider has the requested name; the message lists the names
 * available and the module that provides the one asked for. A configuration problem: it is a
 * {@link ConfigInvalidException}, whose {@link #problems()} lists every name that was not found.
 */
public class ProviderNotFoundException extends ConfigInvalidException {
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

  /**
   * Create the exception for several names not found at once.
   *
   * @param message a summary that lists the problems
   * @param problems each name not found, with its key path and location; not empty
   */
  public ProviderNotFoundException(String message, List<String> problems) {
    super(message, problems);
  }
}
