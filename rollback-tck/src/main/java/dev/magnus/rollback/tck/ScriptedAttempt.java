package dev.magnus.rollback.tck;

/**
 * Say what one attempt of a scripted step does; see {@link RecoveryScript#step(String, ScriptedAttempt...)}.
 * The n-th call of the step's action behaves as the n-th value given, and every call after the last
 * value behaves as the last.
 */
public enum ScriptedAttempt {
  /**
   * Return the state it was given with the attribute named after the step set to {@code "attempt n"}
   * and {@code "/<step>"} appended to the {@value ScriptedRecoveryContext#TRAIL} attribute.
   */
  SUCCEED,
  /** Throw an {@link IllegalStateException} whose message names the step and the attempt. */
  FAIL,
  /**
   * Block until interrupted, like a call that never answers; then throw {@link InterruptedException}.
   * The context's {@link VirtualScheduler} fires a pending time limit only while such an attempt hangs.
   */
  HANG,
  /**
   * Interrupt the recovering thread (the caller of {@link ScriptedRecoveryContext#recoverWith}), then fail
   * as {@link #FAIL} does: the recovery is interrupted before it waits for the next attempt.
   */
  INTERRUPT_RECOVERY_AND_FAIL
}
