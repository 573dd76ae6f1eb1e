package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rollback protocol: PRE_ROLLBACK, then RECOVERY_POINT as the commit point, then the swap. */
abstract class EngineRollbackCases extends EngineCases {
  SessionRollbackEngine engine;
  Session session;
  Checkpoint stepOne;

  void givenTwoSteps() {
    engine = engine();
    session = engine.initialize(SESSION, metadata(), Map.of("step", 0L));
    session.update(s -> s.with("step", 1L));
    stepOne = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2L));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 2");
  }

  @Test
  void rollbackRestoresTheStateAndWritesPreRollbackThenRecoveryPoint() {
    // given
    givenTwoSteps();
    // when
    RollbackResult result = session.rollbackToCheckpoint(stepOne.id());
    // then
    assertEquals(1L, session.getCurrentState().attributes().get("step"));
    List<Checkpoint> all = store.list(SESSION, CheckpointQuery.all());
    assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED, CheckpointType.USER_REQUESTED,
        CheckpointType.PRE_ROLLBACK, CheckpointType.RECOVERY_POINT), all.stream().map(Checkpoint::type).toList());
    Checkpoint recoveryPoint = all.get(4);
    assertEquals(stepOne.id(), recoveryPoint.parentId().orElseThrow());
    assertEquals(stepOne.id().value(), recoveryPoint.label(Checkpoint.RESTORED_FROM).orElseThrow());
    assertEquals(recoveryPoint.id(), result.recoveryPoint().id());
    assertEquals(Map.of("step", 1L), result.restoredState().attributes(), "the result carries the restored state");
  }

  @Test
  void historyIsKeptSoTheSessionCanRollForwardAgain() {
    // given
    givenTwoSteps();
    Checkpoint stepTwo = store.list(SESSION, CheckpointQuery.all()).get(2);
    session.rollbackToCheckpoint(stepOne.id());
    // when
    session.rollbackToCheckpoint(stepTwo.id());
    // then
    assertEquals(2L, session.getCurrentState().attributes().get("step"));
  }

  @Test
  void aFailedPreRollbackAppendLeavesStateUnchanged() {
    // given
    givenTwoSteps();
    SessionState before = session.getCurrentState();
    int stored = store.list(SESSION, CheckpointQuery.all()).size();
    store.failAppend(c -> c.type() == CheckpointType.PRE_ROLLBACK);
    // when
    assertThrows(RollbackException.class, () -> session.rollbackToCheckpoint(stepOne.id()));
    // then
    assertSame(before, session.getCurrentState());
    assertEquals(stored, store.list(SESSION, CheckpointQuery.all()).size());
    List<AuditAction> actions = actions(engine, SESSION);
    assertEquals(AuditAction.ROLLBACK_FAILED, actions.get(actions.size() - 1));
  }

  @Test
  void aFailedRecoveryPointAppendLeavesStateUnchanged() {
    // given
    givenTwoSteps();
    SessionState before = session.getCurrentState();
    store.failAppend(c -> c.type() == CheckpointType.RECOVERY_POINT);
    // when
    assertThrows(RollbackException.class, () -> session.rollbackToCheckpoint(stepOne.id()));
    // then
    assertSame(before, session.getCurrentState());
    store.heal();
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "still consistent");
    List<Checkpoint> all = store.list(SESSION, CheckpointQuery.all());
    assertEquals(all.size(), next.sequence(), "sequences stay gap-free after the failure");
  }

  @Test
  void anUnknownTargetFailsWithCheckpointNotFoundAndChangesNothing() {
    // given
    givenTwoSteps();
    SessionState before = session.getCurrentState();
    // when / then
    assertThrows(CheckpointNotFoundException.class, () -> session.rollbackToCheckpoint(CheckpointId.of("no-such-id")));
    assertSame(before, session.getCurrentState());
  }

  @Test
  void anotherSessionsCheckpointIsNotATarget() {
    // given
    givenTwoSteps();
    Session other = engine.initialize("other-session", metadata(), Map.of("who", "other"));
    Checkpoint ofOther = other.checkpoints().get(0);
    SessionState before = session.getCurrentState();
    // when / then
    assertThrows(CheckpointNotFoundException.class, () -> session.rollbackToCheckpoint(ofOther.id()));
    assertSame(before, session.getCurrentState());
    assertEquals("other", other.getCurrentState().attributes().get("who"));
  }
}
