package dev.magnus.rollback;

import java.util.Objects;

/**
 * Name one step of an operation that DECOMPOSE recovery can replay on its own. Immutable.
 *
 * @param name the step's name, reported when it fails
 * @param action what the step does to the state
 */
public record RecoveryStep(String name, Action action) {
  /** Validate. */
  public RecoveryStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    if (name.isBlank()) {
      throw new IllegalArgumentException("recovery step name is blank: name each step");
    }
  }

  /**
   * Create a step.
   *
   * @param name the step's name
   * @param action what it does
   * @return the step
   */
  public static RecoveryStep of(String name, Action action) {
    return new RecoveryStep(name, action);
  }

  /** Transform the state; may throw, which counts as a failed attempt. */
  @FunctionalInterface
  public interface Action {
    /**
     * Apply the step.
     *
     * @param state the state before the step
     * @return the state after it
     * @throws Exception when the step fails
     */
    SessionState apply(SessionState state) throws Exception;
  }
}
