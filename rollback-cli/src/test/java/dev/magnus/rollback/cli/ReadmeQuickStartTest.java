package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.SessionRollback;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's quick start, compiled and run, so the README cannot drift from the API. */
class ReadmeQuickStartTest {
  @Test
  void quickStartRunsAsWritten() {
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(10).minInterval(Duration.ofSeconds(1)).build())
        .storage(StorageConfig.custom().type("memory").build())
        .build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).build()) {
      Session session = engine.initialize("session-001",
          SessionMetadata.of("user-123", "production", "2.0.0", List.of("convergence"), Instant.now()),
          Map.of("phase", "INTAKE"));

      session.update(s -> s.with("route", Map.of("model", "opus", "score", 0.92)));
      Checkpoint good = session.createCheckpoint(CheckpointType.USER_REQUESTED, "before risky operation");
      session.autoCheckpoint(CheckpointType.SCORING_DECISION, "routed");

      session.update(s -> s.with("route", "garbage"));
      RollbackResult result = session.rollbackToCheckpoint(good.id());

      assertEquals(Map.of("model", "opus", "score", 0.92), session.getCurrentState().attributes().get("route"));
      assertEquals(good.id(), result.target().id());
      assertTrue(engine.getAuditLog().verify().valid());
    }
  }
}
