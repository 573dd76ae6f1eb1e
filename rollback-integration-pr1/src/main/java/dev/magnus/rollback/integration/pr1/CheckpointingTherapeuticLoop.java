package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.FailureType;
import java.util.Objects;

/*
 * Decorate a therapeutic loop: transition, then record and checkpoint through the bridge; on a
 * failure or refusal of the loop (only the delegate call is guarded), recover as
 * THERAPEUTIC_LOOP_ERROR. Thread-safe if the delegate is.
 */
final class CheckpointingTherapeuticLoop implements TherapeuticLoop {
  private final TherapeuticLoop delegate;
  private final RollbackBridge bridge;

  CheckpointingTherapeuticLoop(TherapeuticLoop delegate, RollbackBridge bridge) {
    this.delegate = delegate;
    this.bridge = bridge;
  }

  @Override
  public PhaseTransition transitionTo(TherapeuticPhase phase) {
    Objects.requireNonNull(phase, "phase");
    PhaseTransition transition;
    try {
      transition = transition(phase);
    } catch (RuntimeException e) {
      return ReplayingRecovery.recover(bridge, FailureType.THERAPEUTIC_LOOP_ERROR, "transitionTo " + phase, e,
          () -> transition(phase), (state, t) -> Pr1State.withPhase(state, t.to(), t.findings()));
    }
    bridge.onTherapeuticPhaseChange(transition.to(), transition.findings());
    return transition;
  }

  private PhaseTransition transition(TherapeuticPhase phase) {
    return Objects.requireNonNull(delegate.transitionTo(phase), "the therapeutic loop returned no transition");
  }

  @Override
  public TherapeuticPhase currentPhase() {
    return delegate.currentPhase();
  }
}
