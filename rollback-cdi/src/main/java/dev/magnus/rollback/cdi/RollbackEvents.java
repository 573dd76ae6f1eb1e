package dev.magnus.rollback.cdi;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import java.util.List;
import java.util.Objects;

/**
 * Hold the engine's events as CDI events: the producer's engine fires each one through the
 * container after the operation committed, outside the session's lock, so any observer method
 * {@code void on(@Observes RollbackEvents.CheckpointCreatedEvent e)} receives it. An observer that
 * throws is logged and audited like any engine observer and never breaks the operation. The events
 * are immutable records; this class only groups them.
 */
public final class RollbackEvents {
  private RollbackEvents() {}

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

  /**
   * Fired for each attempt (and retry) a recovery strategy makes.
   *
   * @param attempt the attempt
   */
  public record RecoveryAttemptedEvent(RecoveryAttempt attempt) {
    /** Validate. */
    public RecoveryAttemptedEvent {
      Objects.requireNonNull(attempt, "attempt");
    }
  }

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
}
