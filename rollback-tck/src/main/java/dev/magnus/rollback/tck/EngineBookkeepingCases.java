package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Retention, observers and the audit log. */
abstract class EngineBookkeepingCases extends EngineCases {
  @Test
  void retentionKeepsAtMostMaxCheckpointsButNeverTheNewestOrAPinnedOne() {
    // given
    Session session = engine(config(c -> c.maxCheckpoints(3).retention(Duration.ZERO))).initialize(SESSION, metadata());
    // when
    for (int i = 1; i <= 6; i++) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i);
    }
    // then
    List<Checkpoint> left = store.list(SESSION, CheckpointQuery.all());
    assertEquals(List.of(1L, 6L, 7L), left.stream().map(Checkpoint::sequence).toList());
    assertEquals(CheckpointType.SESSION_START, left.get(0).type());
  }

  @Test
  void retentionDeletesWhatIsOlderThanRetentionMsAndAuditsTheCount() {
    // given
    SessionRollbackEngine engine = engine(config(c -> c.maxCheckpoints(100).retention(Duration.ofMinutes(1))));
    Session session = engine.initialize(SESSION, metadata());
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "old 1");
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "old 2");
    later(Duration.ofMinutes(5));
    // when
    Checkpoint fresh = session.createCheckpoint(CheckpointType.USER_REQUESTED, "fresh");
    // then
    List<Checkpoint> left = store.list(SESSION, CheckpointQuery.all());
    assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED),
        left.stream().map(Checkpoint::type).toList());
    assertEquals(fresh.id(), left.get(1).id());
    AuditEntry pruned = engine.getAuditLog().entries(SESSION).stream()
        .filter(e -> e.action() == AuditAction.CHECKPOINTS_PRUNED).findFirst().orElseThrow();
    assertTrue(pruned.details().containsValue("2"), "the count is audited: " + pruned.details());
  }

  @Test
  void aThrowingObserverBreaksNeitherTheOperationNorOtherObservers() {
    // given
    List<CheckpointType> seen = new CopyOnWriteArrayList<>();
    SessionRollbackEngine engine = engine(config(c -> c), List.of(new SessionObserver() {
      @Override
      public void checkpointCreated(Checkpoint checkpoint) {
        throw new IllegalStateException("observer failure injected by the TCK");
      }
    }, new SessionObserver() {
      @Override
      public void checkpointCreated(Checkpoint checkpoint) {
        seen.add(checkpoint.type());
      }
    }));
    // when
    Session session = engine.initialize(SESSION, metadata());
    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "despite the observer");
    // then
    assertEquals(2, c.sequence());
    assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED), seen);
    assertTrue(actions(engine, SESSION).contains(AuditAction.OBSERVER_FAILED));
  }

  @Test
  void observersHearOfACommittedRollback() {
    // given
    List<RollbackResult> heard = new CopyOnWriteArrayList<>();
    SessionRollbackEngine engine = engine(config(c -> c), List.of(new SessionObserver() {
      @Override
      public void rollbackCompleted(RollbackResult result) {
        heard.add(result);
      }
    }));
    Session session = engine.initialize(SESSION, metadata());
    Checkpoint start = session.checkpoints().get(0);
    // when
    RollbackResult result = session.rollbackToCheckpoint(start.id());
    // then
    assertEquals(List.of(result), heard);
  }

  @Test
  void everyOperationIsAuditedAndTheChainVerifies() {
    // given
    SessionRollbackEngine engine = engine();
    Session session = engine.initialize(SESSION, metadata());
    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "c");
    // when
    session.rollbackToCheckpoint(c.id());
    // then
    List<AuditAction> actions = actions(engine, SESSION);
    for (AuditAction expected : List.of(AuditAction.SESSION_INITIALIZED, AuditAction.CHECKPOINT_CREATED,
        AuditAction.ROLLBACK_INITIATED, AuditAction.ROLLBACK_COMPLETED)) {
      assertTrue(actions.contains(expected), expected + " in " + actions);
    }
    assertEquals(4, actions.stream().filter(a -> a == AuditAction.CHECKPOINT_CREATED).count());
    AuditVerification verification = engine.getAuditLog().verify();
    assertTrue(verification.valid(), verification.problem());
    List<AuditEntry> all = engine.getAuditLog().entries();
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i).entryId() > all.get(i - 1).entryId(), "entry ids grow");
    }
  }

  @Test
  void theAuditChainDetectsAModifiedEntry() {
    // given
    SessionRollbackEngine engine = engine();
    engine.initialize(SESSION, metadata()).createCheckpoint(CheckpointType.USER_REQUESTED, "c");
    List<AuditEntry> entries = new ArrayList<>(engine.getAuditLog().entries());
    AuditEntry original = entries.get(1);
    Map<String, String> forged = new HashMap<>(original.details());
    forged.put("forged", "yes");
    entries.set(1, new AuditEntry(original.entryId(), original.action(), original.timestamp(), original.sessionId(),
        forged, original.outcome(), original.previousHash(), original.hash()));
    // when
    AuditVerification verification = engine.getAuditLog().verify(entries);
    // then
    assertFalse(verification.valid());
    assertEquals(original.entryId(), verification.firstBadEntryId().orElseThrow());
  }
}
