package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configuration file, as is, gives a durable engine on the file store that survives a restart. */
class ShippedConfigEndToEndTest {
  private static final Path SHIPPED = Path.of("..", "config", "session-rollback-config.yaml");

  @Test
  void theShippedFileRunsOnTheDurableFileStoreAndSurvivesARestart(@TempDir Path dir) {
    Properties overrides = new Properties();
    overrides.setProperty("rollback.storage.options.file.path", dir.resolve("data").toString());
    RollbackConfig config = RollbackConfigLoader.load(SHIPPED, overrides);

    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).build()) {
      Session session = engine.initialize("s1", SessionMetadata.of("u", "e2e", "1", List.of(), Instant.EPOCH),
          Map.of("step", 1L));
      session.update(s -> s.with("step", 2L));
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 2");
    }
    try (SessionRollbackEngine restarted = SessionRollback.builder().config(config).build()) {
      assertEquals("file", restarted.config().storage().type());
      assertEquals(Map.of("step", 2L), restarted.resume("s1").getCurrentState().attributes());
    }
    assertTrue(Files.isDirectory(dir.resolve("data")), "the store wrote where the override said");
  }
}
