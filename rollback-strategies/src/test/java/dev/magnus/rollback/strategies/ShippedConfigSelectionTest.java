package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** For every failure type, the shipped configuration selects a strategy this module provides, and it runs. */
class ShippedConfigSelectionTest {
  private static final Path SHIPPED = Path.of("..", "config", "session-rollback-config.yaml");

  @ParameterizedTest
  @EnumSource(FailureType.class)
  void theShippedConfigSelectsAWorkingStrategyForEveryFailureType(FailureType type) {
    Properties fast = new Properties();
    fast.setProperty("rollback.recovery.retry.initialDelayMs", "1");
    RollbackConfig config = RollbackConfigLoader.load(SHIPPED, fast);
    String expected = config.recovery().strategyFor(type);

    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).store(InMemoryStores.create()).build()) {
      Session session = engine.initialize("s-" + type, SessionMetadata.of("u", "t", "1", List.of(), Instant.EPOCH),
          Map.of("ok", true));
      RecoveryResult result = session.recover(Failure.of(type, "injected " + type));

      assertEquals(expected, result.strategy());
      assertEquals(dev.magnus.rollback.Outcome.SUCCESS, result.outcome(), result.message());
    }
  }
}
