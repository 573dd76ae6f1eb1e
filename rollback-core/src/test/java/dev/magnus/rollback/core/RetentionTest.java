package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private final InjectingStore store = InjectingStore.wrap(InMemoryStores.create());
  private final ManualClock clock = new ManualClock(T0);

  private SessionRollbackEngine engine(int max, long retentionMs) {
    return Fixtures.engine(store, clock,
        Fixtures.config(c -> c.maxCheckpoints(max).retention(Duration.ofMillis(retentionMs))));
  }

  @Test
  void keepsAtMostMaxCheckpointsButNeverThePinnedSessionStart() {
    Session session = engine(3, 0).initialize("s1", metadata());

    for (int i = 1; i <= 6; i++) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i);
    }

    List<Checkpoint> left = session.checkpoints();
    assertEquals(List.of(1L, 6L, 7L), left.stream().map(Checkpoint::sequence).toList());
    assertEquals(CheckpointType.SESSION_START, left.get(0).type());
  }

  @Test
  void neverDeletesTheNewestEvenWhenEverythingHasExpired() {
    Session session = engine(10, 1000).initialize("s1", metadata());
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "old");
    clock.advance(Duration.ofHours(5));

    Checkpoint newest = session.createCheckpoint(CheckpointType.USER_REQUESTED, "new");
    clock.advance(Duration.ofHours(5));

    List<Checkpoint> left = session.checkpoints();
    assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED), left.stream().map(Checkpoint::type).toList());
    assertEquals(newest.id(), left.get(1).id());
  }

  @Test
  void deletesCheckpointsOlderThanRetentionAndAuditsTheCount() {
    SessionRollbackEngine engine = engine(10, 60_000);
    List<List<CheckpointId>> pruned = new ArrayList<>();
    engine.addObserver(new SessionObserver() {
      @Override
      public void checkpointsPruned(String sessionId, List<CheckpointId> deleted) {
        pruned.add(deleted);
      }
    });
    Session session = engine.initialize("s1", metadata());
    Checkpoint a = session.createCheckpoint(CheckpointType.USER_REQUESTED, "a");
    Checkpoint b = session.createCheckpoint(CheckpointType.USER_REQUESTED, "b");
    clock.advance(Duration.ofMinutes(2));

    session.createCheckpoint(CheckpointType.USER_REQUESTED, "c");

    assertEquals(3 - 1, session.checkpoints().size());
    assertEquals(List.of(List.of(a.id(), b.id())), pruned);
    AuditEntry prunedEntry = engine.getAuditLog().entries("s1").stream()
        .filter(e -> e.action() == AuditAction.CHECKPOINTS_PRUNED).findFirst().orElseThrow();
    assertEquals("2", prunedEntry.details().get("count"));
  }

  @Test
  void pinnedTypesAreConfigurable() {
    SessionRollbackEngine engine = Fixtures.engine(store, clock,
        Fixtures.config(c -> c.maxCheckpoints(2).pinnedTypes(Set.of(CheckpointType.SESSION_START, CheckpointType.PATTERN_MILESTONE))));
    Session session = engine.initialize("s1", metadata());
    session.createCheckpoint(CheckpointType.PATTERN_MILESTONE, "pattern");

    for (int i = 0; i < 4; i++) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "u" + i);
    }

    List<CheckpointType> types = session.checkpoints().stream().map(Checkpoint::type).toList();
    assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.PATTERN_MILESTONE, CheckpointType.USER_REQUESTED), types);
  }

  @Test
  void theRollbackTargetSurvivesRetentionDuringTheRollback() {
    Session session = engine(2, 0).initialize("s1", metadata());
    Checkpoint target = session.createCheckpoint(CheckpointType.USER_REQUESTED, "target");
    session.update(s -> s.with("x", 1));

    session.rollbackToCheckpoint(target.id());

    List<Checkpoint> left = session.checkpoints();
    assertTrue(left.stream().anyMatch(c -> c.id().equals(target.id())), "the target was kept while it was restored");
    assertEquals(CheckpointType.RECOVERY_POINT, left.get(left.size() - 1).type());
  }

  @Test
  void aFailingDeleteDoesNotFailTheCheckpoint() {
    Session session = engine(1, 0).initialize("s1", metadata());
    store.failDelete(true);

    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "kept despite failed retention");

    assertEquals(2, c.sequence());
    assertEquals(2, session.checkpoints().size());
  }

  @Test
  void selectKeepsNewestPinnedAndProtectedAndDropsOldestFirst() {
    List<Checkpoint> live = new ArrayList<>();
    Session session = engine(100, 0).initialize("s1", metadata());
    for (int i = 0; i < 5; i++) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i);
    }
    live.addAll(session.checkpoints());
    dev.magnus.rollback.CheckpointConfig config = dev.magnus.rollback.CheckpointConfig.custom().maxCheckpoints(2).build();

    List<CheckpointId> doomed = Retention.select(live, config, T0, Set.of(live.get(1).id()));

    assertEquals(List.of(live.get(2).id(), live.get(3).id(), live.get(4).id()), doomed);
  }
}
