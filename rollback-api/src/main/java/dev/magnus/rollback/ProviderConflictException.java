package dev.magnus.rollback;

/**
 * Signal that two store, strategy or engine providers on the class path have the same name, so that
 * selection by name would be ambiguous; the message names both classes. Remove one or rename it.
 */
public class ProviderConflictException extends RollbackException {
  /**
   * Create the exception.
   *
   * @param message what went wrong, with the offending value and the fix
   */
  public ProviderConflictException(String message) {
    super(message);
  }
}
