package dev.magnus.rollback.cdi;

import dev.magnus.rollback.RollbackResult;
import java.util.Objects;

/**
 * Fired after a rollback committed (its RECOVERY_POINT was written and the state swapped).
 *
 * @param result the rollback
 */
public record RollbackCompletedEvent(RollbackResult result) {
  /** Validate. */
  public RollbackCompletedEvent {
    Objects.requireNonNull(result, "result");
  }
}
