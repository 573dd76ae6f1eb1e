package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AutoCheckpointTest {
  private final ManualClock clock = new ManualClock(T0);

  @Test
  void aSwitchedOffTypeIsSkippedWithTheSwitchNamed() {
    SessionRollbackEngine engine = Fixtures.engine(InMemoryStores.create(), clock,
        Fixtures.config(c -> c.onPatternDetection(false)));
    Session session = engine.initialize("s1", metadata());

    AutoCheckpointResult result = session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "pattern");

    assertFalse(result.taken());
    assertTrue(assertInstanceOf(AutoCheckpointResult.Skipped.class, result).reason().contains("onPatternDetection"),
        result.toString());
    assertEquals(1, session.checkpoints().size());
    assertTrue(session.autoCheckpoint(CheckpointType.SCORING_DECISION, "scoring").taken());
  }

  @Test
  void automaticCheckpointsWithinMinIntervalAreSkipped() {
    SessionRollbackEngine engine = Fixtures.engine(InMemoryStores.create(), clock,
        Fixtures.config(c -> c.minInterval(Duration.ofSeconds(5))));
    Session session = engine.initialize("s1", metadata());

    AutoCheckpointResult first = session.autoCheckpoint(CheckpointType.SCORING_DECISION, "first");
    clock.advance(Duration.ofMillis(1200));
    AutoCheckpointResult tooSoon = session.autoCheckpoint(CheckpointType.THERAPEUTIC_PHASE, "too soon");
    clock.advance(Duration.ofMillis(3800));
    AutoCheckpointResult later = session.autoCheckpoint(CheckpointType.THERAPEUTIC_PHASE, "later");

    assertTrue(first.taken());
    assertEquals("checkpoint.minIntervalMs=5000 not elapsed: 1200 ms since the last automatic checkpoint",
        assertInstanceOf(AutoCheckpointResult.Skipped.class, tooSoon).reason());
    assertTrue(later.taken());
    assertEquals(3, session.checkpoints().size());
  }

  @Test
  void manualCheckpointsIgnoreTheGates() {
    SessionRollbackEngine engine = Fixtures.engine(InMemoryStores.create(), clock,
        Fixtures.config(c -> c.minInterval(Duration.ofSeconds(5)).onScoringDecision(false)));
    Session session = engine.initialize("s1", metadata());

    session.createCheckpoint(CheckpointType.USER_REQUESTED, "manual");
    Checkpoint forced = session.createCheckpoint(CheckpointType.SCORING_DECISION, "forced");

    assertEquals(3, forced.sequence());
  }

  @Test
  void autoCheckpointRejectsNonAutomaticTypes() {
    Session session = Fixtures.engine(InMemoryStores.create(), clock, Fixtures.config(c -> c)).initialize("s1", metadata());

    assertThrows(IllegalArgumentException.class, () -> session.autoCheckpoint(CheckpointType.USER_REQUESTED, "x"));
  }

  @Test
  void asyncCheckpointsCompleteInCallOrder() throws Exception {
    SessionRollbackEngine engine = Fixtures.engine(InMemoryStores.create(), clock,
        Fixtures.config(c -> c.asyncCheckpoints(true).maxCheckpoints(100)));
    Session session = engine.initialize("s1", metadata());

    CompletableFuture<?>[] futures = new CompletableFuture<?>[20];
    for (int i = 0; i < futures.length; i++) {
      futures[i] = session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "async-" + i).toCompletableFuture();
    }
    CompletableFuture.allOf(futures).get(30, TimeUnit.SECONDS);

    List<String> descriptions = session.checkpoints().stream().skip(1).map(Checkpoint::description).toList();
    for (int i = 0; i < futures.length; i++) {
      assertEquals("async-" + i, descriptions.get(i));
      assertEquals(i + 2, ((Checkpoint) futures[i].get()).sequence());
    }
  }

  @Test
  void periodicCheckpointsOnlyWhenTheStateChanged() throws Exception {
    java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      java.util.concurrent.CountDownLatch periodicTaken = new java.util.concurrent.CountDownLatch(1);
      SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create())
          .clock(clock).scheduler(scheduler)
          .config(Fixtures.config(c -> c.periodic(Duration.ofMillis(5)).maxCheckpoints(1000)))
          .observer(new dev.magnus.rollback.SessionObserver() {
            @Override
            public void checkpointCreated(Checkpoint checkpoint) {
              if (checkpoint.type() == CheckpointType.AUTO_PERIODIC) {
                periodicTaken.countDown();
              }
            }
          }).build();
      Session session = engine.initialize("s1", metadata());
      session.update(s -> s.with("changed", true));

      assertTrue(periodicTaken.await(30, TimeUnit.SECONDS), "a periodic checkpoint follows a change");
      int count = session.checkpoints().size();
      java.util.concurrent.CountDownLatch moreTicks = new java.util.concurrent.CountDownLatch(10);
      var ticker = scheduler.scheduleAtFixedRate(moreTicks::countDown, 5, 5, TimeUnit.MILLISECONDS);
      assertTrue(moreTicks.await(30, TimeUnit.SECONDS));
      ticker.cancel(false);

      assertEquals(count, session.checkpoints().size(), "no periodic checkpoint without a change");
      engine.close();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
