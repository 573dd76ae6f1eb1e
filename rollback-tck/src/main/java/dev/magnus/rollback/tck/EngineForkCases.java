package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code engine.fork(source, checkpoint, newId)}: a new session starts from a verified checkpoint of
 * another, labelled with where it came from and audited in both, and the source is left untouched;
 * bad input is refused with nothing written.
 */
abstract class EngineForkCases extends EngineCases {
  private static final String FORK = "forked-session";

  SessionRollbackEngine engine;
  Session source;
  Checkpoint stepOne;

  /** A source session checkpointed at step 1 whose state moved on to step 2. */
  private void givenASourceAtStepTwo() {
    engine = engine();
    source = engine.initialize(SESSION, metadata(), Map.of("step", 0L));
    source.update(s -> s.with("step", 1L));
    stepOne = source.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    source.update(s -> s.with("step", 2L));
    source.createCheckpoint(CheckpointType.USER_REQUESTED, "step 2");
  }

  private List<Checkpoint> stored(String id) {
    return store.list(id, CheckpointQuery.all());
  }

  @Test
  void forkStartsANewSessionWhoseSessionStartHoldsTheCheckpointsStateWithForkedFromLabels() {
    // given
    givenASourceAtStepTwo();
    // when
    Session fork = engine.fork(SESSION, stepOne.id(), FORK);
    // then
    assertEquals(Map.of("step", 1L), fork.getCurrentState().attributes());
    assertEquals(metadata(), fork.getCurrentState().metadata());
    List<Checkpoint> history = stored(FORK);
    assertEquals(1, history.size());
    Checkpoint start = history.get(0);
    assertEquals(List.of(CheckpointType.SESSION_START, 1L), List.of(start.type(), start.sequence()));
    assertEquals(SESSION, start.label(Checkpoint.FORKED_FROM).orElseThrow());
    assertEquals(stepOne.id().value(), start.label(Checkpoint.FORKED_FROM_CHECKPOINT).orElseThrow());
    assertTrue(engine.openSessions().contains(FORK));
  }

  @Test
  void forkLeavesTheSourceUntouchedAndIsAuditedInBothSessions() {
    // given
    givenASourceAtStepTwo();
    List<Checkpoint> before = stored(SESSION);
    SessionState state = source.getCurrentState();
    // when
    Session fork = engine.fork(SESSION, stepOne.id(), FORK);
    fork.update(s -> s.with("step", 10L));
    fork.createCheckpoint(CheckpointType.USER_REQUESTED, "fork moved on");
    // then
    assertEquals(before, stored(SESSION));
    assertEquals(state, source.getCurrentState());
    assertTrue(actions(engine, SESSION).contains(AuditAction.SESSION_FORKED), () -> actions(engine, SESSION).toString());
    assertTrue(actions(engine, FORK).contains(AuditAction.SESSION_FORKED), () -> actions(engine, FORK).toString());
  }

  @Test
  void forkFromAStoredSessionThatIsNotOpenWorksAndSurvivesARestart() {
    // given
    givenASourceAtStepTwo();
    source.close();
    // when
    engine.fork(SESSION, stepOne.id(), FORK).close();
    Session resumed = engine(dev.magnus.rollback.RollbackConfig.ofDefaults()).resume(FORK);
    // then
    assertEquals(Map.of("step", 1L), resumed.getCurrentState().attributes());
  }

  @Test
  void forkFromADamagedCheckpointIsRefusedAndWritesNothing() {
    // given
    givenASourceAtStepTwo();
    store.onRead(r -> r.checkpoint().id().equals(stepOne.id()) ? flipMiddleByte(r) : r);
    // when / then
    assertRefusedWithNothingWritten(IntegrityViolationException.class, () -> engine.fork(SESSION, stepOne.id(), FORK));
    assertTrue(actions(engine, SESSION).contains(AuditAction.INTEGRITY_VIOLATION));
  }

  @Test
  void forkIntoAnIdThatExistsIsRefusedAndWritesNothing() {
    // given
    givenASourceAtStepTwo();
    engine.initialize(FORK, metadata()).close();
    List<Checkpoint> existing = stored(FORK);
    // when / then
    assertThrows(SessionAlreadyExistsException.class, () -> engine.fork(SESSION, stepOne.id(), FORK));
    assertThrows(SessionAlreadyExistsException.class, () -> engine.fork(SESSION, stepOne.id(), SESSION));
    assertEquals(existing, stored(FORK));
  }

  @Test
  void forkFromAnUnknownSessionOrCheckpointIsRefusedAndWritesNothing() {
    // given
    givenASourceAtStepTwo();
    // when / then
    assertRefusedWithNothingWritten(SessionNotFoundException.class, () -> engine.fork("no-such-session", stepOne.id(), FORK));
    assertRefusedWithNothingWritten(CheckpointNotFoundException.class,
        () -> engine.fork(SESSION, CheckpointId.of("no-such-checkpoint"), FORK));
  }

  private void assertRefusedWithNothingWritten(Class<? extends RollbackException> type, Executable fork) {
    List<Checkpoint> before = stored(SESSION);
    RollbackException e = assertThrows(type, fork);
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    assertTrue(stored(FORK).isEmpty(), "nothing was written for the new id");
    assertEquals(before, stored(SESSION), "the source is untouched");
    assertTrue(!engine.openSessions().contains(FORK), "the new id was not claimed");
  }

  private static CheckpointRecord flipMiddleByte(CheckpointRecord r) {
    byte[] bytes = r.payload();
    bytes[bytes.length / 2] ^= 0x01;
    return new CheckpointRecord(r.checkpoint(), bytes);
  }
}
