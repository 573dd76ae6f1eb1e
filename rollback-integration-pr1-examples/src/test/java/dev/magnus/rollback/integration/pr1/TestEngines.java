package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.SessionRollback;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Real engines on the in-memory store with the real strategies, without waits between retries. */
final class TestEngines {
  private TestEngines() {}

  static SessionRollbackEngine engine(CheckpointConfig checkpoint, String strategy) {
    return SessionRollback.builder().config(RollbackConfig.custom()
        .checkpoint(checkpoint)
        .recovery(RecoveryConfig.custom().strategy(strategy).maxAttempts(3).initialDelay(Duration.ZERO)
            .maxDelay(Duration.ZERO).build())
        .storage(StorageConfig.custom().type("memory").build()).build()).build();
  }

  static SessionRollbackEngine engine() {
    return engine(CheckpointConfig.custom().maxCheckpoints(100).build(), "DECOMPOSE");
  }

  static Session start(SessionRollbackEngine engine) {
    return engine.initialize("gateway-1", SessionMetadata.of("user-1", "test", "1", List.of(), Instant.EPOCH),
        Map.of("request", "route me"));
  }

  static List<CheckpointType> types(Session session) {
    return session.checkpoints().stream().map(c -> c.type()).toList();
  }
}
