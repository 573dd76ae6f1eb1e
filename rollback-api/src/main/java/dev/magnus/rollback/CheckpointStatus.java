package dev.magnus.rollback;

import java.util.Objects;
import java.util.Optional;

/**
 * A stored checkpoint's descriptor with what a query learned of its integrity, from
 * {@link SessionRollbackEngine#checkpoints}. Immutable.
 *
 * @param checkpoint the descriptor
 * @param integrity whether the payload was checked, and how it fared
 * @param problem what did not match, when {@code integrity} is DAMAGED
 */
public record CheckpointStatus(Checkpoint checkpoint, Integrity integrity, Optional<String> problem) {
  /** Tell what a query learned of a checkpoint's integrity. */
  public enum Integrity {
    /** Not checked: the query did not ask for verification. */
    NOT_CHECKED,
    /** The state hash (and the chain hash, when the parent is stored) matched, as before a restore. */
    INTACT,
    /** A check failed; {@code problem} says which. The engine never restores it. */
    DAMAGED
  }

  /**
   * Validate.
   *
   * @throws IllegalArgumentException when a DAMAGED status has no problem, or another status has one
   */
  public CheckpointStatus {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(problem, "problem");
    if ((integrity == Integrity.DAMAGED) != problem.isPresent()) {
      throw new IllegalArgumentException("a problem goes with DAMAGED and only with it, was " + integrity + " " + problem);
    }
  }
}
