package dev.magnus.rollback.cli;

import dev.magnus.rollback.integration.pr1.ConvergenceScorer;
import dev.magnus.rollback.integration.pr1.ScoringContext;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * The demo's injected failure: a scorer that fails its next N calls as if its latency statistics
 * service timed out, then delegates again. Thread-safe (the count is atomic).
 */
final class FaultInjectingScorer implements ConvergenceScorer {
  private final ConvergenceScorer delegate;
  private final AtomicInteger failuresLeft = new AtomicInteger();

  FaultInjectingScorer(ConvergenceScorer delegate) {
    this.delegate = delegate;
  }

  void failNext(int calls) {
    failuresLeft.set(calls);
  }

  @Override
  public ScoringDecision scoreModels(ScoringContext context) {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("latency statistics service timed out");
    }
    return delegate.scoreModels(context);
  }
}
