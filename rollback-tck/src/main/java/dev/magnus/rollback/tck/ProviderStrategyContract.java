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
 * from the configuration parameter {@value #STRATEGY_PARAMETER}; its {@link StrategyKind} from
 * {@value #KIND_PARAMETER}, or {@code STEP_REPLAY} when {@value #REPLAYS_STEPS_PARAMETER} is {@code true},
 * else {@code NEWEST_GOOD}.
 */
@ExtendWith(ProviderStrategyContract.ProviderResolver.class)
final class ProviderStrategyContract extends RecoveryStrategyContract {
  /** The configuration parameter naming the provider. */
  static final String STRATEGY_PARAMETER = "rollback.tck.strategy";
  /** The configuration parameter saying whether the strategy replays steps. */
  static final String REPLAYS_STEPS_PARAMETER = "rollback.tck.replaysSteps";
  /** The configuration parameter naming the strategy's kind. */
  static final String KIND_PARAMETER = "rollback.tck.strategyKind";
  private final StrategyUnderTest strategy;

  /** The provider and what it promises. */
  record StrategyUnderTest(RecoveryStrategyProvider provider, StrategyKind kind) {}

  ProviderStrategyContract(StrategyUnderTest strategy) {
    this.strategy = strategy;
  }

  @Override
  protected RecoveryStrategy createStrategy(RecoveryConfig config) {
    return strategy.provider().create(config);
  }

  @Override
  protected StrategyKind kind() {
    return strategy.kind();
  }

  /** Parse a kind's name, or fail naming the value and the kinds there are. */
  static StrategyKind kind(String name) {
    try {
      return StrategyKind.valueOf(name.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown strategy kind '" + name + "': use one of "
          + java.util.Arrays.toString(StrategyKind.values()), e);
    }
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
      StrategyKind kind = context.getConfigurationParameter(KIND_PARAMETER).map(ProviderStrategyContract::kind)
          .orElse(steps ? StrategyKind.STEP_REPLAY : StrategyKind.NEWEST_GOOD);
      return new StrategyUnderTest(provider, kind);
    }
  }
}
