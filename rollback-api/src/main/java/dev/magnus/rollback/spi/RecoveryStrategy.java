package dev.magnus.rollback.spi;

import dev.magnus.rollback.RecoveryResult;

/**
 * Bring a failed session back to a good state. Implementations must be thread-safe: the engine calls
 * one instance for many sessions at once, each with its own context.
 */
public interface RecoveryStrategy {
  /**
   * Return the name that selects this strategy in {@code recovery.strategy}, for example {@code IMMEDIATE}.
   *
   * @return the name
   */
  String name();

  /**
   * Recover one session. Runs while the engine holds the session's lock; observers are notified
   * after it returns.
   *
   * @param context the session's view: failure, checkpoints, restore, validation, clock, scheduler
   * @return how recovery ended; a failed recovery is a FAILURE result, not an exception
   */
  RecoveryResult recover(RecoveryContext context);
}
