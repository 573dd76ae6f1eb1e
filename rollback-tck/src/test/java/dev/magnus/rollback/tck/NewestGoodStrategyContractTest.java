package dev.magnus.rollback.tck;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;

/** Run the strategy contract against the trivial correct strategy: everything that applies passes. */
class NewestGoodStrategyContractTest extends RecoveryStrategyContract {
  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return new NewestGoodStrategy();
  }
}
