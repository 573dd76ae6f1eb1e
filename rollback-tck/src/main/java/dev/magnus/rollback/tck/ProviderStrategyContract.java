package dev.magnus.rollback.tck;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Run the strategy contract against a provider chosen by name, for {@link TckRunner}. The name comes
 * from the configuration parameter {@value #STRATEGY_PARAMETER}; the Steps group runs when
 * {@value #REPLAYS_STEPS_PARAMETER} is {@code true}.
 */
@ExtendWith(ProviderStrategyContract.ProviderResolver.class)
final class ProviderStrategyContract extends RecoveryStrategyContract {
  /** The configuration parameter naming the provider. */
  static final String STRATEGY_PARAMETER = "rollback.tck.strategy";
  /** The configuration parameter saying whether the strategy replays steps. */
  static final String REPLAYS_STEPS_PARAMETER = "rollback.tck.replaysSteps";
  private final StrategyUnderTest strategy;

  /** The provider and whether it replays the failed operation's steps. */
  record StrategyUnderTest(RecoveryStrategyProvider provider, boolean replaysSteps) {}

  ProviderStrategyContract(StrategyUnderTest strategy) {
    this.strategy = strategy;
  }

  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return strategy.provider().create(config);
  }

  @Override
  protected boolean replaysSteps() {
    return strategy.replaysSteps();
  }

  /** Resolve the provider named by the configuration parameter. */
  static final class ProviderResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == StrategyUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      String name = context.getConfigurationParameter(STRATEGY_PARAMETER)
          .orElseThrow(() -> new ParameterResolutionException("set the configuration parameter " + STRATEGY_PARAMETER));
      RecoveryStrategyProvider provider = TckRunner.strategyProvider(name).orElseThrow(() ->
          new ParameterResolutionException("no RecoveryStrategyProvider named '" + name + "' on the class path"));
      boolean steps = context.getConfigurationParameter(REPLAYS_STEPS_PARAMETER).map(Boolean::parseBoolean).orElse(false);
      return new StrategyUnderTest(provider, steps);
    }
  }
}
