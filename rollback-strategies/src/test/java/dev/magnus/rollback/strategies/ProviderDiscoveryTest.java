package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.ProgressiveMode;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import dev.magnus.rollback.tck.RecoveryScript;
import dev.magnus.rollback.tck.ScriptedRecoveryContext;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProviderDiscoveryTest {
  private static Map<String, RecoveryStrategyProvider> discovered() {
    return ServiceLoader.load(RecoveryStrategyProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(RecoveryStrategyProvider::name, Function.identity()));
  }

  @Test
  void serviceLoaderFindsTheThreeStrategiesByName() {
    // given
    RecoveryConfig config = RecoveryConfig.ofDefaults();

    // when
    Map<String, RecoveryStrategyProvider> providers = discovered();

    // then
    assertEquals(Set.of("IMMEDIATE", "DECOMPOSE", "PROGRESSIVE"), providers.keySet());
    providers.forEach((name, provider) -> assertEquals(name, provider.create(config).name()));
  }

  @Test
  void everyFailureTypeSelectsADiscoveredStrategy() {
    // given the defaults plus a per-type map, as an engine would read them
    RecoveryConfig config = RecoveryConfig.custom()
        .strategyFor(FailureType.STATE_CORRUPTION, "PROGRESSIVE")
        .strategyFor(FailureType.VALIDATION_ERROR, "IMMEDIATE")
        .build();
    Map<String, RecoveryStrategyProvider> providers = discovered();

    for (FailureType type : FailureType.values()) {
      // when
      RecoveryStrategy strategy = providers.get(config.strategyFor(type)).create(config);

      // then
      String expected = switch (type) {
        case STATE_CORRUPTION -> "PROGRESSIVE";
        case VALIDATION_ERROR -> "IMMEDIATE";
        default -> "DECOMPOSE";
      };
      assertEquals(expected, strategy.name(), type.name());
    }
  }

  @Test
  void theProgressiveProviderBisectsWhenTheModeSaysSo() {
    // given 64 checkpoints, bad from the 41st on
    RecoveryScript script = ScriptedRecoveryContext.forSession("s-1");
    for (int i = 1; i <= 64; i++) {
      if (i <= 40) {
        script.good("c" + i, CheckpointType.AUTO_PERIODIC);
      } else {
        script.invalid("c" + i, CheckpointType.AUTO_PERIODIC);
      }
    }
    RecoveryStrategy bisect = discovered().get("PROGRESSIVE")
        .create(RecoveryConfig.custom().progressiveMode(ProgressiveMode.BISECT).build());

    try (ScriptedRecoveryContext context = script.build()) {
      // when
      RecoveryResult result = bisect.recover(context);

      // then
      assertEquals(context.idOf("c40"), result.restored().orElseThrow());
      assertTrue(result.validations() <= 7, result.validations() + " validations");
    }
  }

  @Test
  void providersRejectAMissingConfiguration() {
    for (RecoveryStrategyProvider provider : discovered().values()) {
      assertThrows(NullPointerException.class, () -> provider.create(null), provider.name());
    }
  }
}
