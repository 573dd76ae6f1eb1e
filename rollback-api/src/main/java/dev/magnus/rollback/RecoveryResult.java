package dev.magnus.rollback;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Report how a recovery ended. Immutable.
 *
 * @param sessionId the session recovered
 * @param strategy the name of the strategy that ran
 * @param failure the failure type that was recovered from
 * @param outcome SUCCESS, PARTIAL (restored, but a step could not be replayed) or FAILURE
 * @param restored the checkpoint whose state was restored, if any
 * @param recoveryPoint the RECOVERY_POINT checkpoint written on success or partial success, if any
 * @param attempts how many attempts ran (restores plus step attempts)
 * @param validations how many checkpoint validations ran
 * @param failedStep the step that exhausted its attempts, for PARTIAL
 * @param message what happened, in one sentence
 * @param duration how long recovery took
 */
public record RecoveryResult(
    String sessionId,
    String strategy,
    FailureType failure,
    Outcome outcome,
    Optional<CheckpointId> restored,
    Optional<CheckpointId> recoveryPoint,
    int attempts,
    int validations,
    Optional<String> failedStep,
    String message,
    Duration duration) {
  /** Validate. */
  public RecoveryResult {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(restored, "restored");
    Objects.requireNonNull(recoveryPoint, "recoveryPoint");
    Objects.requireNonNull(failedStep, "failedStep");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * Tell whether the session is in a good state again.
   *
   * @return true for SUCCESS
   */
  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }
}
