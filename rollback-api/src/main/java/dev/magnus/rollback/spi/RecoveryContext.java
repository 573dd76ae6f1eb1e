package dev.magnus.rollback.spi;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.ValidationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Give a recovery strategy a narrow view of one session. Valid only during
 * {@link RecoveryStrategy#recover}; not thread-safe beyond the strategy's own calls.
 */
public interface RecoveryContext {
  /**
   * Return the session id.
   *
   * @return the id
   */
  String sessionId();

  /**
   * Return the failure being recovered from.
   *
   * @return the failure
   */
  Failure failure();

  /**
   * Return the failed operation's steps (from the failure).
   *
   * @return the steps, possibly empty
   */
  default List<RecoveryStep> steps() {
    return failure().steps();
  }

  /**
   * Return the current in-memory state.
   *
   * @return the state
   */
  SessionState currentState();

  /**
   * List the session's checkpoints, oldest first.
   *
   * @return the descriptors
   */
  List<Checkpoint> checkpoints();

  /**
   * Read and verify a checkpoint's state without applying it.
   *
   * @param id the checkpoint
   * @return the decoded state
   * @throws dev.magnus.rollback.IntegrityViolationException if it fails its hash check (audited)
   * @throws dev.magnus.rollback.CheckpointNotFoundException if the id is unknown
   */
  SessionState load(CheckpointId id);

  /**
   * Roll the session back to a checkpoint with the engine's atomic protocol.
   *
   * @param id the checkpoint
   * @return the committed rollback
   */
  RollbackResult restore(CheckpointId id);

  /**
   * Replace the in-memory state, as {@link dev.magnus.rollback.Session#update} does.
   *
   * @param change the change
   * @return the new state
   */
  SessionState update(UnaryOperator<SessionState> change);

  /**
   * Checkpoint the current state.
   *
   * @param type why
   * @param description free text
   * @return the stored checkpoint
   */
  Checkpoint checkpoint(CheckpointType type, String description);

  /**
   * Validate a state with the engine's validator.
   *
   * @param state the state
   * @return the verdict
   */
  ValidationResult validate(SessionState state);

  /**
   * Record an attempt: audited as RECOVERY_ATTEMPTED and passed to observers.
   *
   * @param attempt the attempt number, from 1
   * @param step the step attempted, if any
   * @param waitBefore the backoff waited before it
   * @param cause the previous attempt's failure, if any
   */
  void attempted(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause);

  /**
   * Return the recovery configuration.
   *
   * @return the recovery section
   */
  RecoveryConfig options();

  /**
   * Return the engine's clock.
   *
   * @return the clock
   */
  Clock clock();

  /**
   * Return the scheduler for waits and time limits.
   *
   * @return the scheduler
   */
  ScheduledExecutorService scheduler();
}
