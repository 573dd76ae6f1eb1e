package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StateConfig;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.StateUpcaster;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A version 1 history on PostgreSQL resumed and rolled back by an engine at version 3 through two upcasters. */
class UpcastOnPostgresTest {
  private String schema;

  @BeforeEach
  void server() {
    TestDatabase.requireServer();
    schema = TestDatabase.freshSchema("upcast");
  }

  @AfterEach
  void drop() {
    if (schema != null) {
      TestDatabase.dropSchema(schema);
    }
  }

  private SessionRollbackEngine engine(int version, StateUpcaster... steps) {
    SessionRollback.Builder b = SessionRollback.builder().store(TestDatabase.open(schema))
        .config(RollbackConfig.custom().state(new StateConfig(version)).build());
    for (StateUpcaster s : steps) {
      b.upcaster(s);
    }
    return b.build();
  }

  @Test
  void versionOneCheckpointsReachVersionThreeAndTheStoredRowsStayAsWritten() {
    // given
    Checkpoint old;
    byte[] before;
    try (SessionRollbackEngine v1 = engine(1)) {
      Session s = v1.initialize("s1", Nodes.METADATA, Map.of("name", "Ada Lovelace", "step", 1L));
      old = s.createCheckpoint(CheckpointType.USER_REQUESTED, "v1");
      s.update(st -> st.with("step", 2L));
      s.createCheckpoint(CheckpointType.USER_REQUESTED, "v1 again");
    }
    try (var store = TestDatabase.open(schema)) {
      before = store.read("s1", old.id()).orElseThrow().payload();
    }
    // when
    try (SessionRollbackEngine v3 = engine(3, StateUpcaster.of(2, a -> rename(a, "step", "stage")),
        StateUpcaster.of(1, a -> rename(a, "name", "fullName")))) {
      Session s = v3.resume("s1");
      // then
      assertEquals(Map.of("fullName", "Ada Lovelace", "stage", 2L), s.getCurrentState().attributes());
      s.rollbackToCheckpoint(old.id());
      assertEquals(Map.of("fullName", "Ada Lovelace", "stage", 1L), s.getCurrentState().attributes());
    }
    try (var store = TestDatabase.open(schema)) {
      assertArrayEquals(before, store.read("s1", old.id()).orElseThrow().payload(), "the stored row was not rewritten");
    }
  }

  private static Map<String, Object> rename(Map<String, Object> a, String from, String to) {
    Map<String, Object> next = new LinkedHashMap<>(a);
    next.put(to, next.remove(from));
    return next;
  }
}
