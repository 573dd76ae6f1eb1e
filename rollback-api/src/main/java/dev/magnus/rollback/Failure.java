package dev.magnus.rollback;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe a failure to recover from. Immutable.
 *
 * @param type the failure type, which selects the strategy
 * @param message what failed
 * @param cause the exception, if any
 * @param steps the failed operation's steps, for DECOMPOSE; empty when it has none
 * @param context extra facts, audited with the recovery (never secrets)
 */
public record Failure(
    FailureType type, String message, Optional<Throwable> cause, List<RecoveryStep> steps, Map<String, String> context) {
  /** Validate and copy. */
  public Failure {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(cause, "cause");
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    context = Map.copyOf(Objects.requireNonNull(context, "context"));
  }

  /**
   * Create a failure without cause or steps.
   *
   * @param type the failure type
   * @param message what failed
   * @return the failure
   */
  public static Failure of(FailureType type, String message) {
    return new Failure(type, message, Optional.empty(), List.of(), Map.of());
  }

  /**
   * Create a failure from an exception.
   *
   * @param type the failure type
   * @param cause what was thrown
   * @return the failure
   */
  public static Failure of(FailureType type, Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    return new Failure(type, String.valueOf(cause.getMessage()), Optional.of(cause), List.of(), Map.of());
  }

  /**
   * Return a copy carrying the failed operation's steps.
   *
   * @param operationSteps the steps, in order
   * @return the copy
   */
  public Failure withSteps(List<RecoveryStep> operationSteps) {
    return new Failure(type, message, cause, operationSteps, context);
  }

  /**
   * Return a copy carrying extra context.
   *
   * @param facts the context
   * @return the copy
   */
  public Failure withContext(Map<String, String> facts) {
    return new Failure(type, message, cause, steps, facts);
  }
}
