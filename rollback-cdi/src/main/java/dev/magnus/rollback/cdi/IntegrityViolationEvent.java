package dev.magnus.rollback.cdi;

import dev.magnus.rollback.CheckpointId;
import java.util.Objects;

/**
 * Fired when stored data failed its integrity check; the state was not applied.
 *
 * @param sessionId the session
 * @param checkpointId the checkpoint that failed
 * @param problem what did not match
 */
public record IntegrityViolationEvent(String sessionId, CheckpointId checkpointId, String problem) {
  /** Validate. */
  public IntegrityViolationEvent {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(checkpointId, "checkpointId");
    Objects.requireNonNull(problem, "problem");
  }
}
