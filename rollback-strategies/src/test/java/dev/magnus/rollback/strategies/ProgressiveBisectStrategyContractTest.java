package dev.magnus.rollback.strategies;

import dev.magnus.rollback.ProgressiveMode;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.tck.RecoveryStrategyContract;
import dev.magnus.rollback.tck.StrategyKind;

/** Run the TCK's strategy contract against the ProgressiveBisect strategy. */
class ProgressiveBisectStrategyContractTest extends RecoveryStrategyContract {
  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return Strategies.progressive(RecoveryConfig.from(config).progressiveMode(ProgressiveMode.BISECT).build());
  }

  @Override
  protected StrategyKind kind() {
    return StrategyKind.BEFORE_A_BAD;
  }
}
