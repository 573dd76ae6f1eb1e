package dev.magnus.rollback.tck;

/**
 * Say what a strategy promises, which decides the checkpoint the strategy contract expects it to
 * restore and which groups of cases apply; declare it with {@link RecoveryStrategyContract#kind()}.
 * Groups that do not apply are skipped with the reason.
 */
public enum StrategyKind {
  /** Restore the newest checkpoint that passes integrity and validation, and ignore the steps (IMMEDIATE). */
  NEWEST_GOOD,
  /**
   * Restore as {@link #NEWEST_GOOD}, then replay the failure's steps in order, each under a retry with
   * exponential backoff and a time limit per attempt (DECOMPOSE): turns on the Steps, Attempts, Backoff,
   * TimeLimits and Interrupts groups.
   */
  STEP_REPLAY,
  /**
   * Restore the newest checkpoint before the first one, oldest first, that fails integrity or
   * validation; the newest when none fails (PROGRESSIVE, LINEAR).
   */
  BEFORE_FIRST_BAD,
  /**
   * Restore a checkpoint that passes and is the newest or followed by one that fails, found by
   * bisection; on a history that is good up to one point and bad from there on, the same checkpoint as
   * {@link #BEFORE_FIRST_BAD} (PROGRESSIVE, BISECT).
   */
  BEFORE_A_BAD
}
