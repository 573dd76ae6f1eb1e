package dev.magnus.rollback;

import java.util.Objects;
import java.util.Optional;

/**
 * Say whether an automatic checkpoint was taken, and if not, why. A skip is not an error.
 *
 * @param checkpoint the checkpoint, when one was taken
 * @param skippedReason why none was taken, for example {@code minIntervalMs 5000 not elapsed (1200 ms since last)}
 */
public record AutoCheckpointResult(Optional<Checkpoint> checkpoint, Optional<String> skippedReason) {
  /** Validate: exactly one of the two is present. */
  public AutoCheckpointResult {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(skippedReason, "skippedReason");
    if (checkpoint.isPresent() == skippedReason.isPresent()) {
      throw new IllegalArgumentException("exactly one of checkpoint and skippedReason must be present");
    }
  }

  /**
   * Report a checkpoint taken.
   *
   * @param checkpoint the checkpoint
   * @return the result
   */
  public static AutoCheckpointResult taken(Checkpoint checkpoint) {
    return new AutoCheckpointResult(Optional.of(checkpoint), Optional.empty());
  }

  /**
   * Report a skip.
   *
   * @param reason why
   * @return the result
   */
  public static AutoCheckpointResult skipped(String reason) {
    return new AutoCheckpointResult(Optional.empty(), Optional.of(reason));
  }

  /**
   * Tell whether a checkpoint was taken.
   *
   * @return true when taken
   */
  public boolean taken() {
    return checkpoint.isPresent();
  }
}
