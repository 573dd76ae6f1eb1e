package dev.magnus.rollback.cdi;

import dev.magnus.rollback.CheckpointId;
import java.util.List;
import java.util.Objects;

/**
 * Fired after retention deleted checkpoints of a session.
 *
 * @param sessionId the session
 * @param deleted the deleted checkpoints
 */
public record CheckpointsPrunedEvent(String sessionId, List<CheckpointId> deleted) {
  /** Validate and copy. */
  public CheckpointsPrunedEvent {
    Objects.requireNonNull(sessionId, "sessionId");
    deleted = List.copyOf(deleted);
  }
}
