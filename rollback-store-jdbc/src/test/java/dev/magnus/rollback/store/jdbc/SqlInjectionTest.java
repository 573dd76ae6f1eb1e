package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session ids, labels and descriptions that try SQL are stored verbatim and do nothing else. */
class SqlInjectionTest {
  private static final String BYSTANDER = "bystander";
  private final String schema = TestDatabase.freshSchema("inject");
  private CheckpointStore store;

  @BeforeEach
  void open() {
    store = TestDatabase.open(schema);
    store.append(TckCheckpoints.record(BYSTANDER, 1, 32));
  }

  @AfterEach
  void close() {
    TestDatabase.closeAndDrop(store, schema);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "'; DROP TABLE rollback_checkpoints; --",
      "x' OR '1'='1",
      "bystander' --",
      "\"; DELETE FROM rollback_sessions; --",
      "$$; TRUNCATE rollback_checkpoints; $$",
      "\\'; SELECT pg_sleep(10); --",
      "%' OR session_id LIKE '%",
      "E'\\x27' || chr(39)",
      "); DROP SCHEMA public CASCADE; --"})
  void aHostileSessionIdIsStoredVerbatimAndTouchesNothingElse(String hostile) {
    // given
    Checkpoint c = hostileCheckpoint(hostile, hostile);
    CheckpointRecord record = TckCheckpoints.record(c);
    // when
    store.append(record);
    // then
    assertEquals(record, store.read(hostile, c.id()).orElseThrow());
    assertEquals(List.of(c), store.list(hostile, CheckpointQuery.all().types(CheckpointType.USER_REQUESTED)));
    assertEquals(Set.of(BYSTANDER, hostile), store.sessions());
    assertEquals(1, store.list(BYSTANDER, CheckpointQuery.all()).size(), "the other session is intact");
    assertEquals(1, store.deleteSession(hostile));
    assertEquals(Set.of(BYSTANDER), store.sessions(), "deleting the hostile id deleted only it");
  }

  @Test
  void hostileLabelsAndDescriptionRoundTripAndAreStoredAsData() throws Exception {
    // given
    String sql = "'); DROP TABLE rollback_checkpoints; --";
    Checkpoint c = hostileCheckpoint("plain", sql);
    // when
    store.append(TckCheckpoints.record(c));
    // then
    assertEquals(c, store.latest("plain").orElseThrow());
    try (Connection conn = TestDatabase.connect(); Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + schema + "\".rollback_checkpoints")) {
      rs.next();
      assertEquals(2, rs.getInt(1), "both rows are there: nothing was executed");
    }
  }

  @Test
  void aHostileSchemaNameIsRefusedBeforeAnySql() {
    // given
    String schemaName = "public; DROP TABLE x";
    // when / then
    assertThrows(IllegalArgumentException.class, () -> JdbcStores.builder().schema(schemaName));
  }

  @Test
  void aNulInTheDescriptionIsRefusedWithAClearErrorAndNothingStored() {
    // given
    Checkpoint c = hostileCheckpoint("nul", "before\u0000after");
    // when
    StoreException e = assertThrows(StoreException.class, () -> store.append(TckCheckpoints.record(c)));
    // then
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    assertTrue(store.latest("nul").isEmpty());
  }

  @Test
  void anUnpairedSurrogateSessionIdIsRefusedSoItCannotCollideWithAnother() {
    // given
    Checkpoint c = hostileCheckpoint("a\uD800", "x");
    // when / then
    assertThrows(StoreException.class, () -> store.append(TckCheckpoints.record(c)));
    assertTrue(store.latest("a\uD800").isEmpty());
    assertTrue(store.latest("a?").isEmpty());
  }

  private static Checkpoint hostileCheckpoint(String sessionId, String text) {
    Map<String, String> labels = Map.of(text, text, "quote'\"\\", "\u0001\u0000\uDC00 \u2028 ' \" \\ } {", "k", "");
    return new Checkpoint(CheckpointId.of("inj-" + Integer.toHexString(sessionId.hashCode())), sessionId, 1,
        Optional.empty(), CheckpointType.USER_REQUESTED, text,
        Instant.ofEpochSecond(1_767_225_600L, 123_456_789), labels, "a".repeat(64), "c".repeat(64), 40, 32,
        Compression.NONE);
  }
}
