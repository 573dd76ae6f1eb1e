package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditSinkConfigTest {
  @Test
  void aJsonlSinkInTheConfigReceivesEveryEntry(@TempDir Path dir) {
    Path file = dir.resolve("audit.jsonl");
    RollbackConfig config = RollbackConfig.custom().audit(new AuditConfig(100, "jsonl:" + file)).build();

    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).store(InMemoryStores.create()).build()) {
      engine.initialize("s1", metadata());
      assertEquals(engine.getAuditLog().entries(), AuditFiles.read(file));
    }
    assertTrue(AuditFiles.verify(file).get(0).valid());
  }

  @Test
  void anUnknownSinkValueIsRejectedWithTheAllowedForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuditConfig(100, "kafka"));

    assertTrue(e.getMessage().contains("none or jsonl:<file>") && e.getMessage().contains("kafka"), e.getMessage());
  }
}
