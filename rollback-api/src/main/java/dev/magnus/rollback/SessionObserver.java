package dev.magnus.rollback;

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
   * Handle a committed rollback.
   *
   * @param result the rollback
   */
  default void rollbackCompleted(RollbackResult result) {}

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
}
