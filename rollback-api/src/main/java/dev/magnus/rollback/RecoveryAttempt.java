package dev.magnus.rollback;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe one recovery attempt or retry, as audited and passed to observers. Immutable.
 *
 * @param sessionId the session being recovered
 * @param strategy the strategy running
 * @param attempt the attempt number, from 1
 * @param step the step being attempted, if the strategy runs steps
 * @param waitBefore the backoff waited before this attempt
 * @param cause the failure of the previous attempt, if any
 * @param at when the attempt was recorded
 */
public record RecoveryAttempt(
    String sessionId,
    String strategy,
    int attempt,
    Optional<String> step,
    Duration waitBefore,
    Optional<String> cause,
    Instant at) {
  /** Validate. */
  public RecoveryAttempt {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(waitBefore, "waitBefore");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(at, "at");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt " + attempt + " must be >= 1");
    }
  }
}
