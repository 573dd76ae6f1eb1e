package dev.magnus.rollback.integration.pr1;

/**
 * Score candidate models for a request and choose one: the port PR #1's convergence scorer
 * implements. Implementations say their own thread-safety; the reference implementation,
 * {@link dev.magnus.rollback.integration.pr1.reference.WeightedConvergenceScorer}, is thread-safe.
 */
@FunctionalInterface
public interface ConvergenceScorer {
  /**
   * Score the candidates of a request and choose one.
   *
   * @param context the request and its candidates
   * @return the decision
   * @throws RuntimeException when scoring fails; a decorated scorer turns it into a
   *     SCORING_CALCULATION_ERROR recovery (see {@link RollbackBridge#decorateScorer})
   */
  ScoringDecision scoreModels(ScoringContext context);
}
