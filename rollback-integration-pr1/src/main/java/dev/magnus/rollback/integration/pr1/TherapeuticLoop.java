package dev.magnus.rollback.integration.pr1;

/**
 * Move a session through the phases of PR #1's therapeutic loop: the port the loop implements.
 * Implementations say their own thread-safety; the reference implementation,
 * {@link dev.magnus.rollback.integration.pr1.reference.PhaseStateMachine}, is thread-safe.
 */
public interface TherapeuticLoop {
  /**
   * Enter a phase.
   *
   * @param phase the phase to enter
   * @return the transition, with the findings gathered in the phase that was left
   * @throws RuntimeException when the transition is refused or fails; a decorated loop turns it into
   *     a THERAPEUTIC_LOOP_ERROR recovery (see {@link RollbackBridge#decorateLoop})
   */
  PhaseTransition transitionTo(TherapeuticPhase phase);

  /**
   * Return the phase the loop is in.
   *
   * @return the current phase
   */
  TherapeuticPhase currentPhase();
}
