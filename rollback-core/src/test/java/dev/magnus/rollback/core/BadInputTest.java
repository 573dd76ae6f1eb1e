package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BadInputTest {
  private final CheckpointStore store = InMemoryStores.create();
  private final SessionRollbackEngine engine =
      Fixtures.engine(store, new ManualClock(T0), Fixtures.config(c -> c.maxStateBytes(2048)));

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "tab\tinside", "nul\u0000inside"})
  void invalidSessionIdsAreRejectedWithTheValueNamed(String id) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.initialize(id, metadata()));

    assertTrue(e.getMessage().startsWith("sessionId"), e.getMessage());
    assertTrue(store.sessions().isEmpty());
  }

  @Test
  void aSessionIdOver256CharactersIsRejected() {
    String id = "x".repeat(257);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.resume(id));

    assertTrue(e.getMessage().contains("257 characters"), e.getMessage());
  }

  @Test
  void nonJsonAttributeValuesAreRejectedWithTheirPath() {
    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> engine.initialize("s1", metadata(), Map.of("nested", Map.of("when", new java.util.Date()))));

    assertTrue(e.getMessage().contains("attributes.nested.when") && e.getMessage().contains("java.util.Date"), e.getMessage());
    assertTrue(store.sessions().isEmpty(), "nothing was written");
  }

  @Test
  void nonFiniteNumbersAreRejected() {
    Session session = engine.initialize("s1", metadata());

    InvalidStateException e = assertThrows(InvalidStateException.class, () -> session.update(s -> s.with("x", Double.NaN)));

    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    assertEquals(0, session.getCurrentState().revision());
  }

  @Test
  void anOversizedStateIsRejectedAtCheckpointAndChangesNothing() {
    Session session = engine.initialize("s1", metadata());
    session.update(s -> s.with("blob", "y".repeat(4096)));
    SessionState before = session.getCurrentState();

    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "too big"));

    assertTrue(e.getMessage().contains("maxStateBytes=2048"), e.getMessage());
    assertSame(before, session.getCurrentState());
    assertEquals(1, session.checkpoints().size());
  }

  @Test
  void anOversizedInitialStateCreatesNoSession() {
    assertThrows(InvalidStateException.class,
        () -> engine.initialize("s1", metadata(), Map.of("blob", "z".repeat(4096))));

    assertTrue(engine.openSessions().isEmpty());
    assertTrue(store.sessions().isEmpty());
    engine.initialize("s1", metadata()); // the id is free again
  }

  @Test
  void mapsWithNonStringKeysAreRejected() {
    Map<Object, Object> bad = new java.util.HashMap<>();
    bad.put(1, "one");

    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> engine.initialize("s1", metadata(), Map.of("bad", bad)));

    assertTrue(e.getMessage().contains("keys must be non-null strings"), e.getMessage());
  }

  @Test
  void nullArgumentsAreNamed() {
    Session session = engine.initialize("s1", metadata());

    NullPointerException e = assertThrows(NullPointerException.class, () -> session.rollbackToCheckpoint(null));

    assertEquals("checkpointId", e.getMessage());
    assertThrows(NullPointerException.class, () -> session.createCheckpoint(null, "x"));
    assertThrows(NullPointerException.class, () -> engine.initialize("s2", null));
    assertEquals(List.of("s1"), List.copyOf(store.sessions()));
  }
}
