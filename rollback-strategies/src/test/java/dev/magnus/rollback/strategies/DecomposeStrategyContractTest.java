package dev.magnus.rollback.strategies;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.tck.RecoveryStrategyContract;

/** Run the TCK's strategy contract against the Decompose strategy. */
class DecomposeStrategyContractTest extends RecoveryStrategyContract {
  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return Strategies.decompose(config);
  }

  @Override
  protected boolean replaysSteps() {
    return true;
  }
}
