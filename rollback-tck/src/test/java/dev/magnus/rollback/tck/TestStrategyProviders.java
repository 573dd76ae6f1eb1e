package dev.magnus.rollback.tck;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;

/** Strategy providers registered in the TCK's test resources, for the runner's tests. */
final class TestStrategyProviders {
  private TestStrategyProviders() {}

  /** Provide the correct reference strategy as {@code tck-newest-good}. */
  public static final class NewestGood implements RecoveryStrategyProvider {
    /** Create the provider; called by ServiceLoader. */
    public NewestGood() {}

    @Override
    public String name() {
      return "tck-newest-good";
    }

    @Override
    public RecoveryStrategy create(RecoveryConfig recovery) {
      return new NewestGoodStrategy();
    }
  }

  /** Provide a strategy that restores the newest checkpoint without checking it as {@code tck-blind}. */
  public static final class Blind implements RecoveryStrategyProvider {
    /** Create the provider; called by ServiceLoader. */
    public Blind() {}

    @Override
    public String name() {
      return "tck-blind";
    }

    @Override
    public RecoveryStrategy create(RecoveryConfig recovery) {
      return new BrokenStrategies.RestoresNewestBlindly();
    }
  }
}
