package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.FailureType;
import java.util.Objects;

/*
 * Decorate a scorer: score, then record and checkpoint through the bridge; on a failure of the
 * scorer (only the delegate call is guarded; a null decision counts as one), recover as
 * SCORING_CALCULATION_ERROR. Thread-safe if the delegate is.
 */
final class CheckpointingConvergenceScorer implements ConvergenceScorer {
  private final ConvergenceScorer delegate;
  private final RollbackBridge bridge;

  CheckpointingConvergenceScorer(ConvergenceScorer delegate, RollbackBridge bridge) {
    this.delegate = delegate;
    this.bridge = bridge;
  }

  @Override
  public ScoringDecision scoreModels(ScoringContext context) {
    ScoringDecision decision;
    try {
      decision = score(context);
    } catch (RuntimeException e) {
      return ReplayingRecovery.recover(bridge, FailureType.SCORING_CALCULATION_ERROR, "scoreModels", e,
          () -> score(context), Pr1State::withScoring);
    }
    bridge.onScoringDecision(decision);
    return decision;
  }

  private ScoringDecision score(ScoringContext context) {
    return Objects.requireNonNull(delegate.scoreModels(context), "the scorer returned no decision");
  }
}
