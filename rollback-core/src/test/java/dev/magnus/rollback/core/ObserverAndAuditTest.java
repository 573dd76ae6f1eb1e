package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditConfig;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObserverAndAuditTest {
  private final ManualClock clock = new ManualClock(T0);

  @Test
  void anObserverThatThrowsBreaksNeitherTheOperationNorOtherObservers() {
    List<String> seen = new CopyOnWriteArrayList<>();
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock)
        .observer(new SessionObserver() {
          @Override
          public void checkpointCreated(Checkpoint checkpoint) {
            throw new IllegalStateException("observer bug");
          }
        })
        .observer(new SessionObserver() {
          @Override
          public void checkpointCreated(Checkpoint checkpoint) {
            seen.add(checkpoint.type().name());
          }
        }).build();

    Session session = engine.initialize("s1", metadata());
    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "after a failing observer");

    assertEquals(2, c.sequence());
    assertEquals(List.of("SESSION_START", "USER_REQUESTED"), seen);
    List<AuditEntry> failures = engine.getAuditLog().entries("s1").stream()
        .filter(e -> e.action() == AuditAction.OBSERVER_FAILED).toList();
    assertEquals(2, failures.size());
    assertTrue(failures.get(0).details().get("error").contains("observer bug"));
  }

  @Test
  void observersRunAfterTheLockIsReleased() {
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).build();
    Session session = engine.initialize("s1", metadata());
    List<Long> revisionsSeen = new ArrayList<>();
    Thread[] other = new Thread[1];
    engine.addObserver(new SessionObserver() {
      @Override
      public void rollbackCompleted(RollbackResult result) {
        // another thread can operate on the same session while we are being notified
        other[0] = new Thread(() -> session.update(s -> s.with("fromObserver", true)));
        other[0].start();
        try {
          other[0].join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        revisionsSeen.add(session.getCurrentState().revision());
      }
    });
    Checkpoint start = session.checkpoints().get(0);

    session.rollbackToCheckpoint(start.id());

    assertFalse(other[0].isAlive(), "the observer's update did not deadlock on the session lock");
    assertEquals(List.of(2L), revisionsSeen);
  }

  @Test
  void auditLogRecordsEveryOperationWithAVerifiableChain() {
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).build();
    Session session = engine.initialize("s1", metadata());
    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "c");
    session.rollbackToCheckpoint(c.id());

    List<AuditAction> actions = engine.getAuditLog().entries("s1").stream().map(AuditEntry::action).toList();

    assertEquals(List.of(AuditAction.CHECKPOINT_CREATED, AuditAction.SESSION_INITIALIZED, AuditAction.CHECKPOINT_CREATED,
        AuditAction.ROLLBACK_INITIATED, AuditAction.CHECKPOINT_CREATED, AuditAction.CHECKPOINT_CREATED,
        AuditAction.ROLLBACK_COMPLETED), actions);
    AuditVerification verification = engine.getAuditLog().verify();
    assertTrue(verification.valid(), verification.problem());
    assertEquals(7, verification.entriesChecked());
  }

  @Test
  void auditChainVerificationDetectsAModifiedEntry() {
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).build();
    Session session = engine.initialize("s1", metadata());
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "c");
    List<AuditEntry> entries = new ArrayList<>(engine.getAuditLog().entries());
    AuditEntry original = entries.get(1);
    Map<String, String> forged = new HashMap<>(original.details());
    forged.put("userId", "someone-else");
    entries.set(1, new AuditEntry(original.entryId(), original.action(), original.timestamp(), original.sessionId(), forged,
        original.outcome(), original.previousHash(), original.hash()));

    AuditVerification verification = engine.getAuditLog().verify(entries);

    assertFalse(verification.valid());
    assertEquals(original.entryId(), verification.firstBadEntryId().orElseThrow());
    assertTrue(verification.problem().contains("modified"), verification.problem());
  }

  @Test
  void auditChainVerificationDetectsARemovedEntry() {
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).build();
    Session session = engine.initialize("s1", metadata());
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "c");
    List<AuditEntry> entries = new ArrayList<>(engine.getAuditLog().entries());
    entries.remove(1);

    AuditVerification verification = engine.getAuditLog().verify(entries);

    assertFalse(verification.valid());
  }

  @Test
  void auditLogIsBoundedAndStaysVerifiable() {
    RollbackConfig config = RollbackConfig.from(Fixtures.config(c -> c.maxCheckpoints(100)))
        .audit(AuditConfig.keeping(5)).build();
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).config(config).build();
    List<AuditEntry> sunk = new CopyOnWriteArrayList<>();
    Session session = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).auditSink(sunk::add)
        .config(config).build().initialize("s2", metadata());
    Session bounded = engine.initialize("s1", metadata());

    for (int i = 0; i < 10; i++) {
      bounded.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i);
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i);
    }

    List<AuditEntry> kept = engine.getAuditLog().entries();
    assertEquals(5, kept.size());
    assertEquals(12, kept.get(4).entryId());
    assertTrue(engine.getAuditLog().verify().valid());
    assertEquals(12, sunk.size(), "the sink receives every entry, beyond the in-memory bound");
  }

  @Test
  void withStateUpdatesOnEveryUpdateIsAuditedWithTheKeysItChangedAndNoValues() {
    // given
    RollbackConfig config = RollbackConfig.custom().audit(AuditConfig.ofDefaults().withStateUpdates(true)).build();
    SessionRollbackEngine engine = SessionRollback.builder().config(config).store(InMemoryStores.create()).clock(clock)
        .build();
    Session session = engine.initialize("s1", metadata(), Map.of("keep", 1L, "gone", "x", "change", "old"));
    // when
    session.update(s -> s.without("gone").with("change", "secret-new-value").with("added", true).with("keep", 1L));
    // then
    AuditEntry entry = engine.getAuditLog().entries("s1").stream().filter(e -> e.action() == AuditAction.STATE_UPDATED)
        .findFirst().orElseThrow();
    assertEquals(Map.of("keys", "added,change,gone", "revision", "1"), entry.details());
    assertFalse(entry.details().toString().contains("secret-new-value"));
    engine.close();
  }

  @Test
  void byDefaultUpdatesAreNotAudited() {
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).build();
    Session session = engine.initialize("s1", metadata());

    session.update(s -> s.with("k", "v"));

    assertFalse(engine.getAuditLog().entries("s1").stream().anyMatch(e -> e.action() == AuditAction.STATE_UPDATED));
    engine.close();
  }
}
