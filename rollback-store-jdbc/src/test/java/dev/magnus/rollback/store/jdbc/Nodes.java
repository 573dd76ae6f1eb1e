package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import java.time.Instant;
import java.util.List;

/** Build engines that stand for nodes: each on its own store instance (its own pool) on one schema. */
final class Nodes {
  static final SessionMetadata METADATA =
      SessionMetadata.of("user-1", "test", "1.0", List.of(), Instant.parse("2026-01-01T00:00:00Z"));

  private Nodes() {}

  /** An engine that keeps every checkpoint (no retention), on a new store in {@code schema}. */
  static SessionRollbackEngine engine(String schema) {
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(100_000).build())
        .build();
    return SessionRollback.builder().config(config).store(TestDatabase.open(schema)).build();
  }
}
