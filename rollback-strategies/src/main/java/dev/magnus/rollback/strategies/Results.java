package dev.magnus.rollback.strategies;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/*
 * Builds the RecoveryResults of one recover() call. Created when the call starts, so that every
 * result measures its duration with the engine's clock from the same instant and names the same
 * session, strategy and failure type. Confined to the recovering thread.
 */
final class Results {
  private final String strategy;
  private final RecoveryContext context;
  private final Instant start;

  Results(String strategy, RecoveryContext context) {
    this.strategy = strategy;
    this.context = context;
    this.start = context.clock().instant();
  }

  RecoveryResult failure(int attempts, int validations, String message) {
    return of(Outcome.FAILURE, Optional.empty(), Optional.empty(), attempts, validations, Optional.empty(), message);
  }

  RecoveryResult success(
      CheckpointId restored, CheckpointId recoveryPoint, int attempts, int validations, String message) {
    return of(Outcome.SUCCESS, Optional.of(restored), Optional.of(recoveryPoint), attempts, validations,
        Optional.empty(), message);
  }

  RecoveryResult of(
      Outcome outcome,
      Optional<CheckpointId> restored,
      Optional<CheckpointId> recoveryPoint,
      int attempts,
      int validations,
      Optional<String> failedStep,
      String message) {
    Duration duration = Duration.between(start, context.clock().instant());
    return new RecoveryResult(context.sessionId(), strategy, context.failure().type(), outcome, restored,
        recoveryPoint, attempts, validations, failedStep, message, duration.isNegative() ? Duration.ZERO : duration);
  }
}
