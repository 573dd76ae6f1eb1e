package dev.magnus.rollback;

import java.util.Objects;

/**
 * Say whether an automatic checkpoint was taken ({@link Taken}) or skipped, and why ({@link Skipped}).
 * A skip is not an error. Immutable.
 *
 * <pre>{@code
 * AutoCheckpointResult result = session.autoCheckpoint(CheckpointType.SCORING_DECISION, "routed");
 * if (result instanceof AutoCheckpointResult.Taken taken) {
 *   log(taken.checkpoint().id());
 * } else if (result instanceof AutoCheckpointResult.Skipped skipped) {
 *   log(skipped.reason());
 * }
 * }</pre>
 */
public sealed interface AutoCheckpointResult permits AutoCheckpointResult.Taken, AutoCheckpointResult.Skipped {
  /**
   * Report a checkpoint taken.
   *
   * @param checkpoint the checkpoint
   * @return the result
   * @throws NullPointerException when the checkpoint is null
   */
  static Taken taken(Checkpoint checkpoint) {
    return new Taken(checkpoint);
  }

  /**
   * Report a skip.
   *
   * @param reason why no checkpoint was taken
   * @return the result
   * @throws NullPointerException when the reason is null
   */
  static Skipped skipped(String reason) {
    return new Skipped(reason);
  }

  /**
   * Tell whether a checkpoint was taken.
   *
   * @return true for {@link Taken}
   */
  default boolean taken() {
    return this instanceof Taken;
  }

  /** Say, as a closed set, why an automatic checkpoint was skipped (for metrics and alerting). */
  enum SkipCause {
    /** The type's switch in {@code checkpoint.autoCheckpoint} is off. */
    SWITCHED_OFF,
    /** {@code checkpoint.minIntervalMs} had not elapsed since the session's last automatic checkpoint. */
    MIN_INTERVAL
  }

  /**
   * An automatic checkpoint that was taken.
   *
   * @param checkpoint the checkpoint, as stored
   */
  record Taken(Checkpoint checkpoint) implements AutoCheckpointResult {
    /**
     * Validate.
     *
     * @throws NullPointerException when the checkpoint is null
     */
    public Taken {
      Objects.requireNonNull(checkpoint, "checkpoint");
    }
  }

  /**
   * An automatic checkpoint that was skipped.
   *
   * @param reason why, for example {@code checkpoint.minIntervalMs=5000 not elapsed: 1200 ms since the last
   *     automatic checkpoint} or {@code checkpoint.autoCheckpoint.onScoringDecision is off}
   */
  record Skipped(String reason) implements AutoCheckpointResult {
    /**
     * Validate.
     *
     * @throws NullPointerException when the reason is null
     */
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
