package dev.magnus.rollback.cdi;

import dev.magnus.rollback.Checkpoint;
import java.util.Objects;

/**
 * Fired after a checkpoint was committed to the store.
 *
 * @param checkpoint the new checkpoint
 */
public record CheckpointCreatedEvent(Checkpoint checkpoint) {
  /** Validate. */
  public CheckpointCreatedEvent {
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
