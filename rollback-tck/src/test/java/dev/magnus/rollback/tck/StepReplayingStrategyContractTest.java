package dev.magnus.rollback.tck;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;

/** Run the strategy contract, Steps group included, against the step-replaying strategy. */
class StepReplayingStrategyContractTest extends RecoveryStrategyContract {
  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return new StepReplayingStrategy();
  }

  @Override
  protected boolean replaysSteps() {
    return true;
  }
}
