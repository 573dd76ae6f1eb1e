package dev.magnus.rollback.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FromConfigTest {
  @TempDir
  Path dir;

  @Test
  void shippedFileWithTheStoreOverriddenGivesAWorkingEngine() {
    // given the shipped file (whose default store, file, is not on this module's class path) and an override
    java.util.Properties overrides = new java.util.Properties();
    overrides.setProperty("rollback.storage.type", "memory");
    RollbackConfig config = dev.magnus.rollback.core.config.RollbackConfigLoader.load(ShippedConfigFileTest.SHIPPED, overrides);
    // when
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).build()) {
      Session session = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("step", 1L));
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "first");
      // then
      assertEquals(RollbackConfig.from(RollbackConfig.ofDefaults())
          .storage(dev.magnus.rollback.StorageConfig.from(RollbackConfig.ofDefaults().storage()).type("memory").build())
          .build(), engine.config());
      assertEquals(2, session.checkpoints().size());
    }
  }

  @Test
  void noArgumentFormFindsTheFileOnTheClassPath() {
    // given no rollback.config property; the test class path holds a file with maxCheckpoints 7
    // when
    try (SessionRollbackEngine engine = SessionRollback.fromConfig()) {
      // then
      assertEquals(7, engine.config().checkpoint().maxCheckpoints());
    }
  }

  @Test
  void storeNameNotOnTheClassPathFailsListingTheAvailableOnesAndTheModule() throws IOException {
    // given
    Path file = dir.resolve("file-store.yaml");
    Files.writeString(file, "storage:\n  type: file\n");
    // when
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> SessionRollback.fromConfig(file));
    // then
    assertEquals(List.of("storage.type (line 2, col 9): no checkpoint store named 'file' on the class path; available: "
        + "memory; add the dependency dev.magnus.rollback:rollback-store-file to the class path"), e.problems());
  }
}
