package dev.magnus.rollback;

/**
 * Choose the order in which PROGRESSIVE recovery validates checkpoints to find where corruption began.
 *
 * <p>Both modes restore the same checkpoint when corruption spreads forward (every checkpoint from some
 * point on fails validation). The YAML value {@code recovery.progressive.mode} is the constant's name.
 */
public enum ProgressiveMode {
  /** Validate from the oldest checkpoint to the newest and stop at the first that fails (up to n validations). */
  LINEAR,
  /** Bisect the checkpoints for the first that fails (at most ceil(log2(n + 1)) validations). */
  BISECT
}
