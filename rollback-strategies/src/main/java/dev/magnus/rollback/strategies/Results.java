package dev.magnus.rollback.strategies;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Duration;
import java.time.Instant;

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
    return finish(RecoveryResult.failed(context.sessionId(), strategy, context.failure().type()), attempts, validations,
        message);
  }

  RecoveryResult success(
      CheckpointId restored, CheckpointId recoveryPoint, int attempts, int validations, String message) {
    return finish(RecoveryResult.succeeded(context.sessionId(), strategy, context.failure().type())
        .restored(restored).recoveryPoint(recoveryPoint), attempts, validations, message);
  }

  RecoveryResult partial(CheckpointId restored, CheckpointId recoveryPoint, String failedStep, int attempts,
      int validations, String message) {
    return finish(RecoveryResult.partial(context.sessionId(), strategy, context.failure().type(), failedStep)
        .restored(restored).recoveryPoint(recoveryPoint), attempts, validations, message);
  }

  private RecoveryResult finish(RecoveryResult.Builder result, int attempts, int validations, String message) {
    Duration duration = Duration.between(start, context.clock().instant());
    return result.attempts(attempts).validations(validations).message(message)
        .duration(duration.isNegative() ? Duration.ZERO : duration).build();
  }
}
