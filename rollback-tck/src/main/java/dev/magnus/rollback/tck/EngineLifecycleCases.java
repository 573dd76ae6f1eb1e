package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Initialization, checkpoint types and sequences, updates, closing. */
abstract class EngineLifecycleCases extends EngineCases {
  @Test
  void initializeWritesSessionStartAsSequenceOneWithTheInitialState() {
    // when
    Session session = engine().initialize(SESSION, metadata(), Map.of("step", 0L));
    // then
    List<Checkpoint> stored = store.list(SESSION, CheckpointQuery.all());
    assertEquals(1, stored.size());
    assertEquals(CheckpointType.SESSION_START, stored.get(0).type());
    assertEquals(1, stored.get(0).sequence());
    assertTrue(stored.get(0).parentId().isEmpty());
    assertEquals(Map.of("step", 0L), session.getCurrentState().attributes());
  }

  @Test
  void initializingAnExistingSessionFailsAndChangesNothing() {
    // given
    SessionRollbackEngine engine = engine();
    Session first = engine.initialize(SESSION, metadata(), Map.of("owner", "first"));
    // when / then
    assertThrows(SessionAlreadyExistsException.class, () -> engine.initialize(SESSION, metadata(), Map.of("owner", "x")));
    assertEquals("first", first.getCurrentState().attributes().get("owner"));
    assertEquals(1, store.list(SESSION, CheckpointQuery.all()).size());
  }

  @Test
  void initializingASessionTheStoreHoldsFailsInAnotherEngine() {
    // given
    engine().initialize(SESSION, metadata());
    SessionRollbackEngine restarted = engine(dev.magnus.rollback.RollbackConfig.ofDefaults());
    // when / then
    assertThrows(SessionAlreadyExistsException.class, () -> restarted.initialize(SESSION, metadata()));
  }

  @Test
  void checkpointsHaveGapFreeSequencesAndDescendFromTheirPredecessor() {
    // given
    Session session = engine().initialize(SESSION, metadata());
    // when
    Checkpoint a = session.createCheckpoint(CheckpointType.USER_REQUESTED, "a");
    Checkpoint b = session.createCheckpoint(CheckpointType.PATTERN_MILESTONE, "b");
    // then
    List<Checkpoint> all = store.list(SESSION, CheckpointQuery.all());
    assertEquals(List.of(1L, 2L, 3L), all.stream().map(Checkpoint::sequence).toList());
    assertEquals(all.get(0).id(), a.parentId().orElseThrow());
    assertEquals(a.id(), b.parentId().orElseThrow());
    assertEquals(64, a.stateHash().length(), "a hex SHA-256 state hash");
    assertEquals(64, a.chainHash().length(), "a hex SHA-256 chain hash");
  }

  @Test
  void engineOwnedTypesCannotBeCreatedByCallers() {
    // given
    Session session = engine().initialize(SESSION, metadata());
    // when / then
    for (CheckpointType type : List.of(CheckpointType.SESSION_START, CheckpointType.PRE_ROLLBACK,
        CheckpointType.RECOVERY_POINT)) {
      assertThrows(IllegalArgumentException.class, () -> session.createCheckpoint(type, "forged"));
    }
    assertEquals(1, store.list(SESSION, CheckpointQuery.all()).size());
  }

  @Test
  void updateBumpsTheRevisionAndABadUpdateChangesNothing() {
    // given
    Session session = engine().initialize(SESSION, metadata(), Map.of("step", 0L));
    // when
    SessionState next = session.update(s -> s.with("step", 1L));
    // then
    assertEquals(1, next.revision());
    assertThrows(InvalidStateException.class, () -> session.update(s -> null));
    assertThrows(InvalidStateException.class, () -> session.update(s -> s.with("bad", new Object())));
    assertSame(next, session.getCurrentState());
  }

  @Test
  void invalidSessionIdsAreRejected() {
    // given
    SessionRollbackEngine engine = engine();
    // when / then
    assertThrows(IllegalArgumentException.class, () -> engine.initialize("", metadata()));
    assertThrows(IllegalArgumentException.class, () -> engine.initialize(null, metadata()));
    assertTrue(store.sessions().isEmpty());
  }

  @Test
  void aSkippedAutomaticCheckpointSaysWhy() {
    // given
    Session session = engine(config(c -> c.minInterval(Duration.ofSeconds(10)))).initialize(SESSION, metadata());
    session.autoCheckpoint(CheckpointType.SCORING_DECISION, "first");
    later(java.time.Duration.ofSeconds(1));
    // when
    var skipped = session.autoCheckpoint(CheckpointType.SCORING_DECISION, "too soon");
    // then
    assertTrue(assertInstanceOf(AutoCheckpointResult.Skipped.class, skipped).reason().contains("minIntervalMs"),
        skipped.toString());
    assertEquals(2, store.list(SESSION, CheckpointQuery.all()).size());
  }

  @Test
  void aClosedEngineRejectsEveryOperation() {
    // given
    SessionRollbackEngine engine = engine();
    Session session = engine.initialize(SESSION, metadata());
    Checkpoint start = session.checkpoints().get(0);
    // when
    engine.close();
    // then
    assertThrows(ClosedException.class, () -> session.rollbackToCheckpoint(start.id()));
    assertThrows(ClosedException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "late"));
    assertThrows(ClosedException.class, () -> engine.initialize("other", metadata()));
    engine.close();
  }
}
