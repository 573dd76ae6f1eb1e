package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineLifecycleTest {
  private final CheckpointStore store = InMemoryStores.create();
  private final ManualClock clock = new ManualClock(T0);
  private final SessionRollbackEngine engine = Fixtures.engine(store, clock, RollbackConfig.ofDefaults());

  @Test
  void initializeWritesSessionStartWithTheInitialState() {
    Session session = engine.initialize("s1", metadata(), Map.of("step", 0));

    List<Checkpoint> checkpoints = store.list("s1", CheckpointQuery.all());
    assertEquals(1, checkpoints.size());
    Checkpoint start = checkpoints.get(0);
    assertEquals(CheckpointType.SESSION_START, start.type());
    assertEquals(1, start.sequence());
    assertTrue(start.parentId().isEmpty());
    assertEquals(64, start.stateHash().length());
    assertEquals(0L, session.getCurrentState().attributes().get("step"));
    assertEquals(0, session.getCurrentState().revision());
    assertEquals(AuditAction.SESSION_INITIALIZED, engine.getAuditLog().entries("s1").get(1).action());
  }

  @Test
  void initializingAnOpenSessionIdFailsAndKeepsTheFirst() {
    Session first = engine.initialize("s1", metadata(), Map.of("owner", "first"));

    SessionAlreadyExistsException e = assertThrows(SessionAlreadyExistsException.class,
        () -> engine.initialize("s1", metadata(), Map.of("owner", "second")));

    assertTrue(e.getMessage().contains("resume"), e.getMessage());
    assertEquals("first", first.getCurrentState().attributes().get("owner"));
    assertEquals(1, store.list("s1", CheckpointQuery.all()).size());
  }

  @Test
  void initializingAStoredSessionFailsAndPointsToResume() {
    engine.initialize("s1", metadata()).close();

    SessionAlreadyExistsException e =
        assertThrows(SessionAlreadyExistsException.class, () -> engine.initialize("s1", metadata()));

    assertTrue(e.getMessage().contains("engine.resume(\"s1\")"), e.getMessage());
  }

  @Test
  void updateReplacesStateAndBumpsRevision() {
    Session session = engine.initialize("s1", metadata(), Map.of("step", 0));

    SessionState next = session.update(s -> s.with("step", 1).with("model", "opus"));

    assertEquals(1, next.revision());
    assertSame(next, session.getCurrentState());
    assertEquals(Map.of("step", 1L, "model", "opus"), next.attributes());
  }

  @Test
  void updateReturningAnotherSessionsStateIsRejectedAndChangesNothing() {
    Session session = engine.initialize("s1", metadata(), Map.of("step", 0));
    SessionState before = session.getCurrentState();
    SessionState foreign = SessionState.initial("s2", metadata(), Map.of());

    InvalidStateException e = assertThrows(InvalidStateException.class, () -> session.update(s -> foreign));

    assertTrue(e.getMessage().contains("'s2'"), e.getMessage());
    assertSame(before, session.getCurrentState());
  }

  @Test
  void updateReturningNullIsRejected() {
    Session session = engine.initialize("s1", metadata());

    assertThrows(InvalidStateException.class, () -> session.update(s -> null));

    assertEquals(0, session.getCurrentState().revision());
  }

  @Test
  void checkpointsGetGapFreeSequencesAndDescendFromTheirPredecessor() {
    Session session = engine.initialize("s1", metadata());

    Checkpoint a = session.createCheckpoint(CheckpointType.USER_REQUESTED, "a");
    Checkpoint b = session.createCheckpoint(CheckpointType.USER_REQUESTED, "b");

    List<Checkpoint> all = session.checkpoints();
    assertEquals(List.of(1L, 2L, 3L), all.stream().map(Checkpoint::sequence).toList());
    assertEquals(all.get(0).id(), a.parentId().orElseThrow());
    assertEquals(a.id(), b.parentId().orElseThrow());
    assertTrue(a.id().compareTo(b.id()) < 0, "ids are time-ordered");
  }

  @Test
  void engineOwnedTypesCannotBeCreatedByHand() {
    Session session = engine.initialize("s1", metadata());

    for (CheckpointType type : List.of(CheckpointType.SESSION_START, CheckpointType.PRE_ROLLBACK, CheckpointType.RECOVERY_POINT)) {
      assertThrows(IllegalArgumentException.class, () -> session.createCheckpoint(type, "x"));
    }
    assertEquals(1, session.checkpoints().size());
  }

  @Test
  void resumeAfterRestartSeesTheNewestCheckpointedState() {
    Session session = engine.initialize("s1", metadata(), Map.of("step", 0));
    session.update(s -> s.with("step", 1));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2)); // never checkpointed: lost on restart, by design

    SessionRollbackEngine restarted = Fixtures.engine(store, clock, RollbackConfig.ofDefaults());
    Session resumed = restarted.resume("s1");

    assertEquals(1L, resumed.getCurrentState().attributes().get("step"));
    assertEquals(1, resumed.getCurrentState().revision());
    assertEquals(metadata(), resumed.getCurrentState().metadata());
    Checkpoint next = resumed.createCheckpoint(CheckpointType.USER_REQUESTED, "after restart");
    assertEquals(3, next.sequence());
  }

  @Test
  void resumeOfAnUnknownSessionFailsWithSessionNotFound() {
    SessionNotFoundException e = assertThrows(SessionNotFoundException.class, () -> engine.resume("nobody"));

    assertTrue(e.getMessage().contains("'nobody'"), e.getMessage());
  }

  @Test
  void resumeOfAnOpenSessionReturnsTheSameHandle() {
    Session session = engine.initialize("s1", metadata());

    assertSame(session, engine.resume("s1"));
  }

  @Test
  void closedSessionRejectsOperationsAndCanBeResumed() {
    Session session = engine.initialize("s1", metadata(), Map.of("k", "v"));
    session.close();

    assertThrows(ClosedException.class, session::getCurrentState);
    assertFalse(engine.session("s1").isPresent());
    assertEquals("v", engine.resume("s1").getCurrentState().attributes().get("k"));
  }

  @Test
  void closedEngineRejectsEveryOperation() {
    Session session = engine.initialize("s1", metadata());
    Checkpoint start = session.checkpoints().get(0);
    engine.close();

    ClosedException e = assertThrows(ClosedException.class, () -> session.rollbackToCheckpoint(start.id()));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(ClosedException.class, () -> engine.initialize("s2", metadata()));
    assertThrows(ClosedException.class, () -> engine.resume("s1"));
    assertThrows(ClosedException.class, () -> store.sessions(), "the engine closes its store");
    engine.close(); // idempotent
  }
}
