package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollbackTest {
  private final InjectingStore store = InjectingStore.wrap(InMemoryStores.create());
  private final ManualClock clock = new ManualClock(T0);
  private final SessionRollbackEngine engine = Fixtures.engine(store, clock, RollbackConfig.ofDefaults());
  private final List<String> events = new ArrayList<>();

  {
    engine.addObserver(new SessionObserver() {
      @Override
      public void rollbackCompleted(RollbackResult result) {
        events.add("rollback:" + result.target().id());
      }

      @Override
      public void integrityViolation(String sessionId, CheckpointId checkpointId, String problem) {
        events.add("integrity:" + checkpointId);
      }
    });
  }

  private Session sessionAtStep2(Checkpoint[] step1) {
    Session session = engine.initialize("s1", metadata(), Map.of("step", 0));
    session.update(s -> s.with("step", 1).with("plan", List.of("a", "b")));
    step1[0] = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2).without("plan"));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 2");
    return session;
  }

  @Test
  void rollbackRestoresTheTargetStateAndKeepsHistory() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    SessionState before = session.getCurrentState();

    RollbackResult result = session.rollbackToCheckpoint(step1[0].id());

    SessionState now = session.getCurrentState();
    assertEquals(Map.of("step", 1L, "plan", List.of("a", "b")), now.attributes());
    assertEquals(before.revision() + 1, now.revision(), "a rollback is an update");
    assertSame(now, result.restoredState());
    List<Checkpoint> all = session.checkpoints();
    assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED, CheckpointType.USER_REQUESTED,
        CheckpointType.PRE_ROLLBACK, CheckpointType.RECOVERY_POINT), all.stream().map(Checkpoint::type).toList());
    Checkpoint recoveryPoint = all.get(4);
    assertEquals(step1[0].id(), recoveryPoint.parentId().orElseThrow());
    assertEquals(step1[0].id().value(), recoveryPoint.label(Checkpoint.RESTORED_FROM).orElseThrow());
    assertEquals(List.of("rollback:" + step1[0].id()), events);
  }

  @Test
  void rollForwardToALaterCheckpointAfterARollback() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    Checkpoint step2 = session.checkpoints().get(2);
    session.rollbackToCheckpoint(step1[0].id());

    session.rollbackToCheckpoint(step2.id());

    assertEquals(Map.of("step", 2L), session.getCurrentState().attributes());
  }

  @Test
  void preRollbackHoldsTheStateBeforeTheRollback() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    session.update(s -> s.with("uncheckpointed", true));

    RollbackResult result = session.rollbackToCheckpoint(step1[0].id());
    RollbackResult back = session.rollbackToCheckpoint(result.preRollback().id());

    assertEquals(true, back.restoredState().attributes().get("uncheckpointed"));
  }

  @Test
  void rollbackLeavesStateUnchangedWhenPreRollbackWriteFails() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    SessionState before = session.getCurrentState();
    int stored = session.checkpoints().size();
    store.failAppend(c -> c.type() == CheckpointType.PRE_ROLLBACK);

    assertThrows(StoreException.class, () -> session.rollbackToCheckpoint(step1[0].id()));

    assertSame(before, session.getCurrentState());
    assertEquals(stored, session.checkpoints().size());
    assertEquals(AuditAction.ROLLBACK_FAILED, lastAction("s1"));
    assertTrue(events.isEmpty());
  }

  @Test
  void rollbackLeavesStateUnchangedWhenRecoveryPointWriteFails() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    SessionState before = session.getCurrentState();
    store.failAppend(c -> c.type() == CheckpointType.RECOVERY_POINT);

    assertThrows(StoreException.class, () -> session.rollbackToCheckpoint(step1[0].id()));

    assertSame(before, session.getCurrentState());
    store.failAppend(c -> false);
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "still consistent");
    assertEquals(5, next.sequence(), "the PRE_ROLLBACK that was written keeps its sequence");
  }

  @Test
  void crashBetweenPreRollbackAndRecoveryPointResumesThePreRollbackState() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    session.update(s -> s.with("step", 3));
    store.failAppend(c -> c.type() == CheckpointType.RECOVERY_POINT); // the "crash" hits the commit point
    assertThrows(StoreException.class, () -> session.rollbackToCheckpoint(step1[0].id()));
    store.failAppend(c -> false);

    Session resumed = Fixtures.engine(store, clock, RollbackConfig.ofDefaults()).resume("s1");

    assertEquals(3L, resumed.getCurrentState().attributes().get("step"), "the rollback never committed");
  }

  @Test
  void resumeAfterACommittedRollbackSeesTheRestoredState() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    session.rollbackToCheckpoint(step1[0].id());

    Session resumed = Fixtures.engine(store, clock, RollbackConfig.ofDefaults()).resume("s1");

    assertEquals(session.getCurrentState(), resumed.getCurrentState());
    assertEquals(Map.of("step", 1L, "plan", List.of("a", "b")), resumed.getCurrentState().attributes());
  }

  @Test
  void rollbackLeavesStateUnchangedWhenTheTargetFailsItsHashCheck() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    SessionState before = session.getCurrentState();
    int stored = session.checkpoints().size();
    store.onRead(r -> {
      byte[] bytes = r.payload();
      int at = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"step\":1") + 7;
      bytes[at] = '9'; // still valid JSON, different state
      return new CheckpointRecord(r.checkpoint(), bytes);
    });

    IntegrityViolationException e =
        assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(step1[0].id()));

    assertTrue(e.getMessage().contains(step1[0].id().value()), e.getMessage());
    assertSame(before, session.getCurrentState());
    assertEquals(stored, session.checkpoints().size(), "nothing was written");
    List<AuditAction> actions = engine.getAuditLog().entries("s1").stream().map(AuditEntry::action).toList();
    assertTrue(actions.contains(AuditAction.INTEGRITY_VIOLATION), actions.toString());
    assertEquals(AuditAction.ROLLBACK_FAILED, lastAction("s1"));
    assertEquals(List.of("integrity:" + step1[0].id()), events);
  }

  @Test
  void rollbackRefusesATargetWhoseDescriptorWasAltered() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);
    SessionState before = session.getCurrentState();
    store.onRead(r -> {
      Checkpoint c = r.checkpoint();
      Checkpoint altered = new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), CheckpointType.USER_REQUESTED,
          "rewritten description", c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(),
          c.compression());
      return new CheckpointRecord(altered, r.payload());
    });

    assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(step1[0].id()));

    assertSame(before, session.getCurrentState());
  }

  @Test
  void rollbackToAnUnknownIdFailsWithCheckpointNotFound() {
    Session session = engine.initialize("s1", metadata());
    SessionState before = session.getCurrentState();

    CheckpointNotFoundException e = assertThrows(CheckpointNotFoundException.class,
        () -> session.rollbackToCheckpoint(CheckpointId.of("01NOPE")));

    assertTrue(e.getMessage().contains("01NOPE") && e.getMessage().contains("session.checkpoints()"), e.getMessage());
    assertSame(before, session.getCurrentState());
  }

  @Test
  void rollbackToAnotherSessionsCheckpointNamesItsOwner() {
    Session a = engine.initialize("a", metadata(), Map.of("who", "a"));
    Session b = engine.initialize("b", metadata(), Map.of("who", "b"));
    Checkpoint ofB = b.checkpoints().get(0);

    CheckpointNotFoundException e =
        assertThrows(CheckpointNotFoundException.class, () -> a.rollbackToCheckpoint(ofB.id()));

    assertTrue(e.getMessage().contains("belongs to session 'b'"), e.getMessage());
    assertEquals("a", a.getCurrentState().attributes().get("who"));
    assertEquals(1, a.checkpoints().size());
  }

  @Test
  void twoSessionsRollingBackToEachOthersCheckpointsAtOnceDoNotDeadlockRegressionForTheOwnerHint()
      throws Exception {
    Session a = engine.initialize("a", metadata());
    Session b = engine.initialize("b", metadata());
    CheckpointId ofA = a.checkpoints().get(0).id();
    CheckpointId ofB = b.checkpoints().get(0).id();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
      for (Session[] pair : new Session[][] {{a, b}, {b, a}}) {
        CheckpointId foreign = pair[0] == a ? ofB : ofA;
        runs.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 2_000; i++) {
            assertThrows(CheckpointNotFoundException.class, () -> pair[0].rollbackToCheckpoint(foreign));
          }
          return null;
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<?> run : runs) {
        run.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, a.checkpoints().size());
    assertEquals(1, b.checkpoints().size());
  }

  @Test
  void stateHashesDifferForDifferentStates() {
    Checkpoint[] step1 = new Checkpoint[1];
    Session session = sessionAtStep2(step1);

    List<Checkpoint> all = session.checkpoints();

    assertNotEquals(all.get(1).stateHash(), all.get(2).stateHash());
    assertNotEquals(all.get(1).chainHash(), all.get(2).chainHash());
  }

  private AuditAction lastAction(String sessionId) {
    List<AuditEntry> entries = engine.getAuditLog().entries(sessionId);
    return entries.get(entries.size() - 1).action();
  }
}
