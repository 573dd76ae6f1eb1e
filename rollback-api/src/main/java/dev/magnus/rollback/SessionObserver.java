package dev.magnus.rollback;

import java.time.Duration;
import java.util.List;

/**
 * Receive engine events after they commit. Every method has an empty default, so implement only what
 * you need.
 *
 * <p>Observers are called after the operation committed, outside the session's lock, on the thread
 * that ran the operation. An observer that throws is logged and audited (OBSERVER_FAILED); it never
 * fails the operation nor stops other observers. Implementations must be thread-safe: different
 * sessions notify concurrently.
 */
public interface SessionObserver {
  /**
   * Handle a checkpoint written.
   *
   * @param checkpoint the new checkpoint
   */
  default void checkpointCreated(Checkpoint checkpoint) {}

  /**
   * Handle a checkpoint written, with how long the engine took to write it (encode, hash, append,
   * retention; not the wait for the session's lock). The engine calls this one; the default passes the
   * checkpoint on to {@link #checkpointCreated(Checkpoint)}, so an observer overrides whichever it needs.
   *
   * @param checkpoint the new checkpoint
   * @param took how long the write took
   */
  default void checkpointCreated(Checkpoint checkpoint, Duration took) {
    checkpointCreated(checkpoint);
  }

  /**
   * Handle a checkpoint write that failed: nothing was committed, or the outcome is unknown and the
   * next write settles it. A {@link CheckpointConflictException} means another writer took the sequence.
   *
   * @param sessionId the session
   * @param type the type of the checkpoint that was not written
   * @param error what failed
   * @param took how long the attempt took
   */
  default void checkpointFailed(String sessionId, CheckpointType type, RuntimeException error, Duration took) {}

  /**
   * Handle an automatic checkpoint that was skipped (its switch is off, or {@code checkpoint.minIntervalMs}
   * had not elapsed). A skip is not an error.
   *
   * @param sessionId the session
   * @param type the automatic type that was skipped
   * @param cause why, as a closed set
   * @param reason why, in words
   */
  default void autoCheckpointSkipped(String sessionId, CheckpointType type, AutoCheckpointResult.SkipCause cause,
      String reason) {}

  /**
   * Handle a committed rollback.
   *
   * @param result the rollback
   */
  default void rollbackCompleted(RollbackResult result) {}

  /**
   * Handle a rollback that failed; the session's state is unchanged.
   *
   * @param sessionId the session
   * @param target the checkpoint the rollback was to restore
   * @param error what failed, for example an {@link IntegrityViolationException}
   * @param took how long the attempt took
   */
  default void rollbackFailed(String sessionId, CheckpointId target, RuntimeException error, Duration took) {}

  /**
   * Handle one recovery attempt or retry.
   *
   * @param attempt the attempt
   */
  default void recoveryAttempted(RecoveryAttempt attempt) {}

  /**
   * Handle the end of a recovery, whatever its outcome.
   *
   * @param result the recovery's result
   */
  default void recoveryCompleted(RecoveryResult result) {}

  /**
   * Handle checkpoints deleted by retention.
   *
   * @param sessionId the session
   * @param deleted the deleted ids
   */
  default void checkpointsPruned(String sessionId, List<CheckpointId> deleted) {}

  /**
   * Handle stored data that failed its integrity check; the state was not applied.
   *
   * @param sessionId the session
   * @param checkpointId the checkpoint that failed
   * @param problem what did not match
   */
  default void integrityViolation(String sessionId, CheckpointId checkpointId, String problem) {}

  /**
   * Handle another observer (or this one) that threw while handling an event; the engine logged and
   * audited it (OBSERVER_FAILED). An exception thrown from this method is logged and not reported again.
   *
   * @param sessionId the session of the event
   * @param event the event's method name, for example {@code checkpointCreated}
   * @param error what the observer threw
   */
  default void observerFailed(String sessionId, String event, Throwable error) {}
}
