package dev.magnus.rollback;

import java.util.List;
import java.util.Objects;

/**
 * Say whether a state passed validation, and what was wrong if not.
 *
 * @param problems what failed; empty when valid
 */
public record ValidationResult(List<String> problems) {
  private static final ValidationResult VALID = new ValidationResult(List.of());

  /** Copy. */
  public ValidationResult {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
  }

  /**
   * Return the valid result.
   *
   * @return a result without problems
   */
  public static ValidationResult valid() {
    return VALID;
  }

  /**
   * Return an invalid result.
   *
   * @param problem what failed
   * @return the result
   */
  public static ValidationResult invalid(String problem) {
    return new ValidationResult(List.of(problem));
  }

  /**
   * Tell whether the state passed.
   *
   * @return true when there are no problems
   */
  public boolean isValid() {
    return problems.isEmpty();
  }
}
