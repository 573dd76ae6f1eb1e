package dev.magnus.rollback.cdi;

import dev.magnus.rollback.RecoveryAttempt;
import java.util.Objects;

/**
 * Fired for each attempt (and retry) a recovery strategy makes.
 *
 * @param attempt the attempt
 */
public record RecoveryAttemptedEvent(RecoveryAttempt attempt) {
  /** Validate. */
  public RecoveryAttemptedEvent {
    Objects.requireNonNull(attempt, "attempt");
  }
}
