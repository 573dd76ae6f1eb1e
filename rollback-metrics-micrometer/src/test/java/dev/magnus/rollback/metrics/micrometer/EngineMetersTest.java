package dev.magnus.rollback.metrics.micrometer;

import static dev.magnus.rollback.metrics.micrometer.MeterCounts.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each engine meter moves when its event happens, by the event's amount, and no other meter moves. */
class EngineMetersTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ManualClock clock = new ManualClock(T0);
  private final InjectingStore store = InjectingStore.wrap(InMemoryStores.create());
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  static SessionMetadata metadata() {
    return SessionMetadata.of("user-1", "test", "1.0", List.of(), T0);
  }

  private SessionRollbackEngine engine(UnaryOperator<CheckpointConfig.Builder> checkpoint, CheckpointStore on) {
    RollbackConfig config = RollbackConfig.custom().checkpoint(checkpoint.apply(CheckpointConfig.custom()).build())
        .build();
    SessionRollbackEngine engine = SessionRollback.builder().config(config).store(on).clock(clock)
        .plugin(RollbackMetrics.of(registry)).build();
    closing.add(engine);
    return engine;
  }

  private Session session(SessionRollbackEngine engine) {
    return engine.initialize("s-1", metadata(), Map.of("step", 0L));
  }

  @Test
  void aCheckpointMovesTheCreatedCounterTheCreateTimerTheStoredSizeAndTheAppendTimerOnly() {
    // given
    Session session = session(engine(c -> c, store));
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "saved");
    // then
    assertEquals(Map.of(
        key(MeterNames.CHECKPOINTS_CREATED, "type", "user_requested", "encoding", "full", "outcome", "success"), 1.0,
        key(MeterNames.CHECKPOINT_CREATE, "outcome", "success"), 1.0,
        key(MeterNames.CHECKPOINT_STORED_SIZE, "encoding", "full"), 1.0,
        key(MeterNames.STORE_APPEND, "outcome", "success"), 1.0), MeterCounts.moved(before, registry));
  }

  @Test
  void aSkippedAutomaticCheckpointMovesTheSkippedCounterWithItsReasonOnly() {
    // given automatic checkpoints at most once a minute, pattern milestones switched off
    Session session = session(engine(c -> c.minInterval(Duration.ofMinutes(1)).onPatternDetection(false), store));
    session.autoCheckpoint(CheckpointType.SCORING_DECISION, "first");
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    session.autoCheckpoint(CheckpointType.SCORING_DECISION, "too soon");
    session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "switched off");
    // then
    assertEquals(Map.of(
        key(MeterNames.CHECKPOINTS_SKIPPED, "type", "scoring_decision", "reason", "min_interval"), 1.0,
        key(MeterNames.CHECKPOINTS_SKIPPED, "type", "pattern_milestone", "reason", "switched_off"), 1.0),
        MeterCounts.moved(before, registry));
  }

  @Test
  void aRollbackMovesTheRollbackMetersWithOutcomeSuccessAndItsTwoCheckpoints() {
    // given
    Session session = session(engine(c -> c, store));
    Checkpoint target = session.createCheckpoint(CheckpointType.USER_REQUESTED, "target");
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    session.rollbackToCheckpoint(target.id());
    // then
    assertEquals(Map.of(
        key(MeterNames.ROLLBACKS, "outcome", "success"), 1.0,
        key(MeterNames.ROLLBACK, "outcome", "success"), 1.0,
        key(MeterNames.CHECKPOINTS_CREATED, "type", "pre_rollback", "encoding", "full", "outcome", "success"), 1.0,
        key(MeterNames.CHECKPOINTS_CREATED, "type", "recovery_point", "encoding", "full", "outcome", "success"), 1.0,
        key(MeterNames.CHECKPOINT_CREATE, "outcome", "success"), 2.0,
        key(MeterNames.CHECKPOINT_STORED_SIZE, "encoding", "full"), 2.0,
        key(MeterNames.STORE_APPEND, "outcome", "success"), 2.0,
        key(MeterNames.STORE_READ, "outcome", "found"), 1.0), MeterCounts.moved(before, registry));
  }

  @Test
  void aRollbackToAnUnknownCheckpointMovesTheFailureSeriesOnly() {
    // given
    Session session = session(engine(c -> c, store));
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    assertThrows(CheckpointNotFoundException.class, () -> session.rollbackToCheckpoint(CheckpointId.of("missing-1")));
    // then
    assertEquals(Map.of(
        key(MeterNames.ROLLBACKS, "outcome", "failure"), 1.0,
        key(MeterNames.ROLLBACK, "outcome", "failure"), 1.0,
        key(MeterNames.STORE_READ, "outcome", "missing"), 1.0), MeterCounts.moved(before, registry));
  }

  @Test
  void aTamperedCheckpointMovesTheIntegrityViolationsCounter() {
    // given a checkpoint whose stored bytes come back altered
    Session session = session(engine(c -> c, store));
    Checkpoint target = session.createCheckpoint(CheckpointType.USER_REQUESTED, "target");
    store.onRead(r -> {
      byte[] bytes = r.payload();
      bytes[bytes.length / 2] ^= 0x01;
      return new CheckpointRecord(r.checkpoint(), bytes);
    });
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(target.id()));
    // then
    assertEquals(Map.of(
        key(MeterNames.INTEGRITY_VIOLATIONS), 1.0,
        key(MeterNames.ROLLBACKS, "outcome", "failure"), 1.0,
        key(MeterNames.ROLLBACK, "outcome", "failure"), 1.0,
        key(MeterNames.STORE_READ, "outcome", "found"), 1.0), MeterCounts.moved(before, registry));
  }

  @Test
  void aRecoveryMovesTheRecoveryMetersTaggedWithStrategyFailureAndOutcome() {
    // given
    Session session = session(engine(c -> c, store));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "good");
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    session.recover(Failure.of(FailureType.TIMEOUT, "model call timed out"));
    // then
    Map<String, Double> moved = MeterCounts.moved(before, registry);
    assertEquals(1.0, moved.get(key(MeterNames.RECOVERIES, "strategy", "decompose", "failure", "timeout",
        "outcome", "success")), moved.toString());
    assertEquals(1.0, moved.get(key(MeterNames.RECOVERY_ATTEMPTS, "strategy", "decompose")), moved.toString());
    assertEquals(1.0, moved.get(key(MeterNames.RECOVERY, "strategy", "decompose", "outcome", "success")),
        moved.toString());
    assertEquals(1.0, moved.get(key(MeterNames.ROLLBACKS, "outcome", "success")), "it restores through a rollback");
    assertFalse(moved.keySet().stream().anyMatch(k -> k.contains("outcome=failure")), moved.toString());
  }

  @Test
  void retentionMovesThePrunedCounterByTheNumberOfCheckpointsDeleted() {
    // given at most 3 checkpoints per session, and an observer counting what retention deletes
    SessionRollbackEngine engine = engine(c -> c.maxCheckpoints(3), store);
    Session session = session(engine);
    int[] deleted = {0};
    engine.addObserver(new SessionObserver() {
      @Override
      public void checkpointsPruned(String sessionId, List<CheckpointId> ids) {
        deleted[0] += ids.size();
      }
    });
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    for (int i = 0; i < 5; i++) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "n" + i);
    }
    // then
    assertTrue(deleted[0] >= 3, "retention deleted " + deleted[0]);
    assertEquals((double) deleted[0], MeterCounts.moved(before, registry).get(key(MeterNames.CHECKPOINTS_PRUNED)));
  }

  @Test
  void anObserverThatThrowsMovesTheObserverFailuresCounterTaggedWithTheEvent() {
    // given
    SessionRollbackEngine engine = engine(c -> c, store);
    Session session = session(engine);
    engine.addObserver(new SessionObserver() {
      @Override
      public void checkpointCreated(Checkpoint checkpoint) {
        throw new IllegalStateException("observer bug");
      }
    });
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "saved");
    // then
    assertEquals(1.0, MeterCounts.moved(before, registry).get(key(MeterNames.OBSERVER_FAILURES, "event",
        "checkpointCreated")));
  }

  @Test
  void aFailedAppendMovesTheFailureSeriesAndNoConflict() {
    // given a store whose appends fail
    Session session = session(engine(c -> c, store));
    store.failAppend(c -> true);
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    assertThrows(StoreException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "lost"));
    // then
    assertEquals(Map.of(
        key(MeterNames.CHECKPOINTS_CREATED, "type", "user_requested", "encoding", "none", "outcome", "failure"), 1.0,
        key(MeterNames.CHECKPOINT_CREATE, "outcome", "failure"), 1.0,
        key(MeterNames.STORE_APPEND, "outcome", "failure"), 1.0), MeterCounts.moved(before, registry));
  }

  @Test
  void aConflictingAppendMovesTheStoreConflictsCounter() {
    // given two engines on one store, the second one metered, both holding the session
    CheckpointStore shared = InMemoryStores.create();
    closing.add(shared);
    SessionRollbackEngine other = SessionRollback.builder().store(InjectingStore.view(shared)).clock(clock).build();
    closing.add(other);
    Session first = other.initialize("s-1", metadata(), Map.of());
    Session second = engine(c -> c, InjectingStore.view(shared)).resume("s-1");
    first.createCheckpoint(CheckpointType.USER_REQUESTED, "wins");
    Map<String, Double> before = MeterCounts.of(registry);
    // when
    assertThrows(CheckpointConflictException.class, () -> second.createCheckpoint(CheckpointType.USER_REQUESTED, "loses"));
    // then
    Map<String, Double> moved = MeterCounts.moved(before, registry);
    assertEquals(1.0, moved.get(key(MeterNames.STORE_CONFLICTS)), moved.toString());
    assertEquals(1.0, moved.get(key(MeterNames.STORE_APPEND, "outcome", "conflict")), moved.toString());
    assertEquals(1.0, moved.get(key(MeterNames.CHECKPOINTS_CREATED, "type", "user_requested", "encoding", "none",
        "outcome", "failure")), moved.toString());
  }

  @Test
  void bindingOneInstanceTwiceIsRefusedBecauseEveryEventWouldCountTwice() {
    // given
    RollbackMetrics metrics = RollbackMetrics.of(registry);
    SessionRollbackEngine engine = SessionRollback.builder().store(store).clock(clock).plugin(metrics).build();
    closing.add(engine);
    // when / then
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> metrics.bind(engine));
    assertTrue(e.getMessage().contains("one instance per engine"), e.getMessage());
  }

  @Test
  void aRefreshIntervalOfZeroIsRefusedNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RollbackMetrics.builder(registry).statsRefresh(Duration.ZERO));
    assertTrue(e.getMessage().startsWith("statsRefresh must be positive, was PT0S"), e.getMessage());
  }
}
