package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An append that throws something other than a conflict has an unknown outcome: the engine settles it
 * with the store before the session's next append (issue 12, item 4).
 */
class UnknownOutcomeTest {
  private static final String SESSION = "s1";
  private final CheckpointStore data = InMemoryStores.create();
  private final InjectingStore store = InjectingStore.view(data);
  private final ManualClock clock = new ManualClock(T0);
  private final SessionRollbackEngine engine = Fixtures.engine(store, clock, RollbackConfig.ofDefaults());
  private final List<Checkpoint> created = new CopyOnWriteArrayList<>();

  {
    engine.addObserver(new SessionObserver() {
      @Override
      public void checkpointCreated(Checkpoint checkpoint) {
        created.add(checkpoint);
      }
    });
  }

  private List<Checkpoint> stored() {
    return data.list(SESSION, CheckpointQuery.all());
  }

  private Checkpoint storedNewest() {
    return data.latest(SESSION).orElseThrow();
  }

  private List<AuditEntry> audit(AuditAction action) {
    return engine.getAuditLog().entries(SESSION).stream().filter(e -> e.action() == action).toList();
  }

  private Session sessionWithStep(int step) {
    Session session = engine.initialize(SESSION, metadata(), Map.of("step", 0));
    session.update(s -> s.with("step", step));
    return session;
  }

  @Test
  void aCheckpointWhoseAppendFailedAfterWritingIsAdoptedAndTheNextOneDescendsFromIt() {
    // given
    Session session = sessionWithStep(1);
    store.failAfterAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    StoreException failure = assertThrows(StoreException.class,
        () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "lands, then the store throws"));
    Checkpoint landed = storedNewest();
    store.failAfterAppend(c -> false);
    session.update(s -> s.with("step", 2));
    // when
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "after the unknown outcome");
    // then
    assertTrue(failure.getMessage().contains("'" + SESSION + "'") && failure.getMessage().contains(landed.id().value())
        && failure.getMessage().contains("outcome is unknown"), failure.getMessage());
    assertEquals(landed.sequence() + 1, next.sequence(), "the adopted checkpoint keeps its sequence");
    assertEquals(landed.id(), next.parentId().orElseThrow(), "the chain continues from the adopted checkpoint");
    assertEquals(List.of(1L, 2L, 3L), stored().stream().map(Checkpoint::sequence).toList());
    assertEquals(Map.of("step", 1L), session.rollbackToCheckpoint(landed.id()).restoredState().attributes(),
        "nothing lost: the adopted checkpoint holds the state it was given");
    assertTrue(audit(AuditAction.CHECKPOINT_CREATED).stream().anyMatch(e -> landed.id().value()
        .equals(e.details().get("checkpointId")) && e.details().containsKey("confirmed")), this::auditText);
    assertTrue(created.stream().anyMatch(c -> c.id().equals(landed.id())), "observers hear of the adopted checkpoint");
  }

  @Test
  void aCheckpointOfTheSameStateAfterAnAdoptedOneDescendsFromIt() {
    // given
    Session session = sessionWithStep(1);
    store.failAfterAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "lands"));
    store.failAfterAppend(c -> false);
    // when
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "same state");
    // then
    List<Checkpoint> all = stored();
    assertEquals(3, all.size(), "one adopted, one new");
    assertEquals(all.get(1).stateHash(), next.stateHash(), "the state did not change in between");
    assertEquals(all.get(1).id(), next.parentId().orElseThrow());
  }

  @Test
  void aCheckpointWhoseAppendFailedBeforeWritingFreesItsSequenceForTheNextOne() {
    // given
    Session session = sessionWithStep(1);
    Checkpoint start = storedNewest();
    store.failAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    StoreException failure = assertThrows(StoreException.class,
        () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "never written"));
    store.failAppend(c -> false);
    // when
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "reuses the sequence");
    // then
    assertTrue(failure.getMessage().contains("outcome is unknown"), failure.getMessage());
    assertEquals(2, next.sequence(), "sequence 2 was free");
    assertEquals(start.id(), next.parentId().orElseThrow());
    assertEquals(List.of(1L, 2L), stored().stream().map(Checkpoint::sequence).toList());
    assertTrue(audit(AuditAction.CHECKPOINT_FAILED).stream().anyMatch(e -> String.valueOf(e.details().get("outcome"))
        .startsWith("confirmed not committed")), this::auditText);
  }

  @Test
  void aRecoveryPointThatFailedAfterWritingIsSettledOnTheNextOperationAndResumeYieldsTheCommittedState() {
    // given: step 1 and step 2 checkpointed, then a rollback to step 1 whose commit point lands but throws
    Session session = sessionWithStep(1);
    Checkpoint stepOne = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 2");
    store.failAfterAppend(c -> c.type() == CheckpointType.RECOVERY_POINT);
    StoreException failure = assertThrows(StoreException.class, () -> session.rollbackToCheckpoint(stepOne.id()));
    Checkpoint recoveryPoint = storedNewest();
    store.failAfterAppend(c -> false);
    Map<String, Object> resumedRightAfter = resumeOnANewEngine().attributes();
    // when
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "next operation");
    // then
    assertTrue(failure.getMessage().contains(recoveryPoint.id().value()), failure.getMessage());
    assertEquals(CheckpointType.RECOVERY_POINT, recoveryPoint.type());
    assertEquals(Map.of("step", 1L), resumedRightAfter, "the rollback's commit point was stored: a restart restores it");
    assertEquals(Map.of("step", 2L), session.getCurrentState().attributes(), "the session was told the rollback failed");
    assertEquals(recoveryPoint.sequence() + 1, next.sequence());
    assertEquals(recoveryPoint.id(), next.parentId().orElseThrow());
    assertEquals(Map.of("step", 2L), resumeOnANewEngine().attributes(), "a restart now resumes the newest commit");
  }

  @Test
  void aRollbackRetriedAfterItsRecoveryPointWasAdoptedRestoresTheTarget() {
    // given
    Session session = sessionWithStep(1);
    Checkpoint stepOne = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2));
    store.failAfterAppend(c -> c.type() == CheckpointType.RECOVERY_POINT);
    assertThrows(StoreException.class, () -> session.rollbackToCheckpoint(stepOne.id()));
    Checkpoint adopted = storedNewest();
    store.failAfterAppend(c -> false);
    // when
    RollbackResult result = session.rollbackToCheckpoint(stepOne.id());
    // then
    assertEquals(adopted.id(), result.preRollback().parentId().orElseThrow());
    assertEquals(Map.of("step", 1L), session.getCurrentState().attributes());
    assertEquals(Map.of("step", 1L), resumeOnANewEngine().attributes());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), stored().stream().map(Checkpoint::sequence).toList());
  }

  @Test
  void whenAnotherWriterTookTheSequenceTheNextOperationReloadsAsOnAConflict() {
    // given: this engine's append fails unwritten, then a second engine appends that sequence
    Session session = sessionWithStep(1);
    store.failAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "never written"));
    store.failAppend(c -> false);
    Checkpoint winner;
    try (SessionRollbackEngine other = Fixtures.engine(InjectingStore.view(data), clock, RollbackConfig.ofDefaults())) {
      Session there = other.resume(SESSION);
      there.update(s -> s.with("step", 9));
      winner = there.createCheckpoint(CheckpointType.USER_REQUESTED, "the other writer");
    }
    // when
    CheckpointConflictException conflict = assertThrows(CheckpointConflictException.class,
        () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "after the unknown outcome"));
    // then
    assertTrue(conflict.getMessage().contains("unknown outcome") && conflict.getMessage().contains(winner.id().value()),
        conflict.getMessage());
    assertEquals(Map.of("step", 9L), session.getCurrentState().attributes(), "reloaded the winner's state");
    assertEquals(List.of(1L, 2L), stored().stream().map(Checkpoint::sequence).toList(), "nothing overwritten");
    assertEquals(winner.id(), session.createCheckpoint(CheckpointType.USER_REQUESTED, "after the reload").parentId()
        .orElseThrow());
  }

  @Test
  void whenTheStoreCannotBeAskedTheNextOperationFailsAndNoSequenceIsReused() {
    // given
    Session session = sessionWithStep(1);
    store.failAfterAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "lands"));
    Checkpoint landed = storedNewest();
    store.failAfterAppend(c -> false);
    List<Checkpoint> appended = new CopyOnWriteArrayList<>();
    store.failAppend(c -> appended.add(c) && false);
    store.failQueries(true);
    // when
    StoreException refused = assertThrows(StoreException.class,
        () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "while the store cannot be asked"));
    // then
    assertTrue(refused.getMessage().contains("still unknown") && refused.getMessage().contains(landed.id().value())
        && refused.getMessage().contains("no sequence was reused"), refused.getMessage());
    assertEquals(List.of(), appended, "nothing was appended while the outcome was unknown");
    store.failQueries(false);
    Checkpoint next = session.createCheckpoint(CheckpointType.USER_REQUESTED, "once the store answers");
    assertEquals(landed.id(), next.parentId().orElseThrow());
    assertEquals(List.of(1L, 2L, 3L), stored().stream().map(Checkpoint::sequence).toList());
  }

  @Test
  void aFailureBeforeWritingIsNotReusedEitherWhileTheStoreCannotBeAsked() {
    // given
    Session session = sessionWithStep(1);
    store.failAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "never written"));
    List<Checkpoint> appended = new CopyOnWriteArrayList<>();
    store.failAppend(c -> appended.add(c) && false);
    store.failQueries(true);
    // when
    assertThrows(StoreException.class, () -> session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "milestone"));
    // then
    assertEquals(List.of(), appended);
    assertEquals(List.of(1L), stored().stream().map(Checkpoint::sequence).toList());
  }

  @Test
  void aBatchThatCommittedWithRetentionsDeletionsIsAdoptedAndTheDeletionsAudited() {
    // given: a store whose append-and-delete takes effect, then throws, and cannot be asked at once
    AtomicBoolean failBatch = new AtomicBoolean();
    InjectingStore batchStore = InjectingStore.wrap(InMemoryStores.create());
    batchStore.afterDelete(() -> {
      if (failBatch.get()) {
        batchStore.failQueries(true);
        throw new StoreException("injected failure after the batch committed");
      }
    });
    SessionRollbackEngine small = Fixtures.engine(batchStore, clock, Fixtures.config(c -> c.maxCheckpoints(2)));
    Session session = small.initialize(SESSION, metadata());
    Checkpoint second = session.createCheckpoint(CheckpointType.USER_REQUESTED, "2");
    failBatch.set(true);
    assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "3, deletes 2"));
    failBatch.set(false);
    batchStore.failQueries(false);
    // when
    Checkpoint fourth = session.createCheckpoint(CheckpointType.USER_REQUESTED, "4");
    // then
    assertEquals(4, fourth.sequence());
    assertEquals(List.of(1L, 4L), batchStore.list(SESSION, CheckpointQuery.all()).stream().map(Checkpoint::sequence)
        .toList());
    List<String> prunedIds = small.getAuditLog().entries(SESSION).stream()
        .filter(e -> e.action() == AuditAction.CHECKPOINTS_PRUNED).map(e -> e.details().get("ids")).toList();
    assertEquals(List.of(List.of(second.id()).toString(), List.of(fourth.parentId().orElseThrow()).toString()),
        prunedIds, "the adopted batch deleted 2, the next append deleted 3");
  }

  private SessionState resumeOnANewEngine() {
    try (SessionRollbackEngine restarted = Fixtures.engine(InjectingStore.view(data), clock, RollbackConfig.ofDefaults())) {
      return restarted.resume(SESSION).getCurrentState();
    }
  }

  private String auditText() {
    return engine.getAuditLog().entries(SESSION).toString();
  }
}
