package dev.magnus.rollback;

/**
 * Decide whether a session state is good enough to restore; recovery strategies skip states that
 * fail. Implementations must be thread-safe and must not throw for a merely invalid state.
 */
@FunctionalInterface
public interface StateValidator {
  /** A validator that accepts every state. */
  StateValidator ACCEPT_ALL = state -> ValidationResult.valid();

  /**
   * Validate a state.
   *
   * @param state the state to check
   * @return valid, or the problems found
   */
  ValidationResult validate(SessionState state);
}
