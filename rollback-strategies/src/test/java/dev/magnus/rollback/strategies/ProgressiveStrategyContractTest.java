package dev.magnus.rollback.strategies;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.tck.RecoveryStrategyContract;
import dev.magnus.rollback.tck.StrategyKind;

/** Run the TCK's strategy contract against the Progressive strategy. */
class ProgressiveStrategyContractTest extends RecoveryStrategyContract {
  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return Strategies.progressive(config);
  }

  @Override
  protected StrategyKind kind() {
    return StrategyKind.BEFORE_FIRST_BAD;
  }
}
