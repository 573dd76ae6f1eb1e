package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.SessionRollback;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README's PostgreSQL snippet, run as written against the test server: the store is found by name
 * through ServiceLoader and the password comes from the variable {@code ROLLBACK_DB_PASSWORD}, which
 * the module's surefire configuration copies from {@code ROLLBACK_JDBC_PASSWORD}.
 */
class ReadmePostgresTest {
  private final String schema = TestDatabase.freshSchema("readme");

  @AfterEach
  void drop() {
    TestDatabase.dropSchema(schema);
  }

  @Test
  void theReadmeConfigurationReachesPostgresAndAStaleNodeGetsAConflict() {
    // given
    TestDatabase.requireServer();
    RollbackConfig config = RollbackConfig.custom()
        .storage(StorageConfig.custom().type("jdbc").options("jdbc", Map.of(
            "url", TestDatabase.url(),
            "user", TestDatabase.user(),
            "passwordEnv", "ROLLBACK_DB_PASSWORD",
            "poolSize", 2,
            "schema", schema)).build())
        .build();
    try (SessionRollbackEngine nodeA = SessionRollback.builder().config(config).build();
        SessionRollbackEngine nodeB = SessionRollback.builder().config(config).build()) {
      nodeA.initialize("session-001", Nodes.METADATA, Map.of());
      Session stale = nodeB.resume("session-001");
      nodeA.resume("session-001").createCheckpoint(CheckpointType.USER_REQUESTED, "node A");
      // when
      Session session = stale;
      try {
        session.createCheckpoint(CheckpointType.USER_REQUESTED, "routed");
      } catch (CheckpointConflictException e) {
        // the session has already reloaded what node A committed
        assertTrue(e.getMessage().contains("reloaded"), e.getMessage());
      }
      // then
      assertEquals(3, session.createCheckpoint(CheckpointType.USER_REQUESTED, "after reload").sequence());
    }
  }
}
