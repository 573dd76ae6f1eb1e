package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encryption at rest on PostgreSQL: a round trip, and no row of the schema holds the plaintext. */
class EncryptionOnPostgresTest {
  private static final String MARKER = "plaintext-marker-on-postgres";
  private static final Map<String, String> ENVIRONMENT = Map.of("PG_TEST_KEY",
      Base64.getEncoder().encodeToString("k".repeat(32).getBytes(StandardCharsets.US_ASCII)));
  private String schema;

  @BeforeEach
  void server() {
    TestDatabase.requireServer();
    schema = TestDatabase.freshSchema("encrypt");
  }

  @AfterEach
  void drop() {
    if (schema != null) {
      TestDatabase.dropSchema(schema);
    }
  }

  private SessionRollbackEngine engine() {
    RollbackConfig config = RollbackConfig.custom().integrity(IntegrityConfig.ofDefaults()
        .withEncryption(EncryptionConfig.withKey("pg", "PG_TEST_KEY"))).build();
    return SessionRollback.builder().store(TestDatabase.open(schema)).config(config).environment(ENVIRONMENT).build();
  }

  @Test
  void encryptedCheckpointsRoundTripAndNoRowHoldsThePlaintext() throws SQLException {
    Checkpoint first;
    try (SessionRollbackEngine engine = engine()) {
      Session s = engine.initialize("s1", Nodes.METADATA, Map.of("note", MARKER, "step", 1L));
      first = s.createCheckpoint(CheckpointType.USER_REQUESTED, "first");
      s.update(st -> st.with("step", 2L).with("more", MARKER + " again"));
      s.createCheckpoint(CheckpointType.USER_REQUESTED, "second");
    }
    try (SessionRollbackEngine engine = engine()) {
      Session s = engine.resume("s1");
      assertEquals(2L, s.getCurrentState().attributes().get("step"));
      assertEquals(Map.of("note", MARKER, "step", 1L), s.rollbackToCheckpoint(first.id()).restoredState().attributes());
    }
    int rows = 0;
    try (Connection c = TestDatabase.connect(); Statement st = c.createStatement();
        ResultSet r = st.executeQuery("SELECT * FROM \"" + schema + "\".rollback_checkpoints")) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        rows++;
        for (int i = 1; i <= columns; i++) {
          byte[] value = r.getBytes(i);
          String text = value == null ? "" : new String(value, StandardCharsets.ISO_8859_1);
          assertFalse(text.contains("plaintext-marker"), "column " + r.getMetaData().getColumnName(i) + " holds it");
        }
      }
    }
    assertTrue(rows >= 4, rows + " rows: the checkpoints and the key ring entry");
  }
}
