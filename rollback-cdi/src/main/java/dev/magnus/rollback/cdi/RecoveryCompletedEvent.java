package dev.magnus.rollback.cdi;

import dev.magnus.rollback.RecoveryResult;
import java.util.Objects;

/**
 * Fired when a recovery ends, whatever its outcome.
 *
 * @param result the recovery's result
 */
public record RecoveryCompletedEvent(RecoveryResult result) {
  /** Validate. */
  public RecoveryCompletedEvent {
    Objects.requireNonNull(result, "result");
  }
}
