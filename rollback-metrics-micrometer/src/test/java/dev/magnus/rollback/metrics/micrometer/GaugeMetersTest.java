package dev.magnus.rollback.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.ManualClock;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gauges read the engine without its locks, the store's figures through a cache, the file store's events. */
class GaugeMetersTest {
  private final MockClock mockClock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, mockClock);
  private final ManualClock clock = new ManualClock(EngineMetersTest.T0);

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void theOpenSessionsGaugeFollowsInitializeAndClose() {
    // given
    try (SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock)
        .plugin(RollbackMetrics.of(registry)).build()) {
      assertEquals(0.0, gauge(MeterNames.SESSIONS_OPEN));
      // when
      Session a = engine.initialize("a", EngineMetersTest.metadata());
      engine.initialize("b", EngineMetersTest.metadata());
      // then
      assertEquals(2.0, gauge(MeterNames.SESSIONS_OPEN));
      a.close();
      assertEquals(1.0, gauge(MeterNames.SESSIONS_OPEN));
    }
  }

  @Test
  void theQueuedGaugeCountsAsynchronousCheckpointsUntilTheyRan() throws Exception {
    // given asynchronous checkpoints on a one-thread scheduler that a latch holds
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    CountDownLatch release = new CountDownLatch(1);
    RollbackConfig config = RollbackConfig.custom().checkpoint(CheckpointConfig.custom().asyncCheckpoints(true)
        .checkpointTimeout(Duration.ofMinutes(1)).build()).build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).store(InMemoryStores.create())
        .clock(clock).scheduler(scheduler).plugin(RollbackMetrics.of(registry)).build()) {
      Session session = engine.initialize("s-1", EngineMetersTest.metadata());
      scheduler.execute(() -> await(release));
      // when
      List<CompletableFuture<?>> queued = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        queued.add(session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "q" + i).toCompletableFuture());
      }
      // then
      assertEquals(3.0, gauge(MeterNames.CHECKPOINTS_QUEUED));
      release.countDown();
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertEquals(0.0, gauge(MeterNames.CHECKPOINTS_QUEUED));
    } finally {
      release.countDown();
      scheduler.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theStoreGaugesAskTheStoreAtMostOncePerRefreshInterval() {
    // given store gauges refreshed every 10 s, read once
    try (SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock)
        .plugin(RollbackMetrics.builder(registry).statsRefresh(Duration.ofSeconds(10)).build()).build()) {
      Session session = engine.initialize("s-1", EngineMetersTest.metadata());
      assertEquals(1.0, gauge(MeterNames.STORE_CHECKPOINTS));
      // when checkpoints are written and the gauge is read again within the interval
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "one");
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "two");
      double cached = gauge(MeterNames.STORE_CHECKPOINTS);
      mockClock.add(Duration.ofSeconds(10));
      double refreshed = gauge(MeterNames.STORE_CHECKPOINTS);
      // then
      assertEquals(1.0, cached, "served from the sample, without calling stats()");
      assertEquals(3.0, refreshed);
      assertEquals(1.0, gauge(MeterNames.STORE_SESSIONS));
      assertTrue(gauge(MeterNames.STORE_PAYLOAD_SIZE) > 0);
      assertEquals(0.0, gauge(MeterNames.STORE_CORRUPTIONS));
    }
  }

  @Test
  void theFileStoreReportsItsGroupCommitsAndForcesAndTheMemoryStoreAddsNoSuchMeter(@TempDir Path dir) {
    // given the same plugin on a file store and on a memory store
    SimpleMeterRegistry memoryRegistry = new SimpleMeterRegistry();
    try (SessionRollbackEngine file = SessionRollback.builder().store(FileStores.open(dir)).clock(clock)
            .plugin(RollbackMetrics.of(registry)).build();
        SessionRollbackEngine memory = SessionRollback.builder().store(InMemoryStores.create()).clock(clock)
            .plugin(RollbackMetrics.of(memoryRegistry)).build()) {
      // when
      file.initialize("s-1", EngineMetersTest.metadata()).createCheckpoint(CheckpointType.USER_REQUESTED, "one");
      memory.initialize("s-1", EngineMetersTest.metadata()).createCheckpoint(CheckpointType.USER_REQUESTED, "one");
      // then: SESSION_START and the checkpoint, each its own group (one writer) and its own force
      assertEquals(2, registry.get(MeterNames.STORE_GROUP_COMMIT_SIZE).summary().count());
      assertEquals(2.0, registry.get(MeterNames.STORE_GROUP_COMMIT_SIZE).summary().totalAmount());
      assertTrue(registry.get(MeterNames.STORE_FORCE).timer().count() >= 2);
      assertNull(memoryRegistry.find(MeterNames.STORE_GROUP_COMMIT_SIZE).meter());
      assertNull(memoryRegistry.find(MeterNames.STORE_FORCE).meter());
    }
  }

  @Test
  void tenThousandSessionsAddNoMeter() {
    // given an engine whose every kind of event has happened once
    try (SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock)
        .plugin(RollbackMetrics.of(registry)).build()) {
      Session first = engine.initialize("warm-up", EngineMetersTest.metadata());
      first.rollbackToCheckpoint(first.createCheckpoint(CheckpointType.USER_REQUESTED, "x").id());
      int meters = registry.getMeters().size();
      // when 10,000 more sessions each start, checkpoint and roll back
      for (int i = 0; i < 10_000; i++) {
        Session s = engine.initialize("session-" + i, EngineMetersTest.metadata(), Map.of("i", (long) i));
        s.rollbackToCheckpoint(s.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i).id());
        s.close();
      }
      // then
      assertEquals(meters, registry.getMeters().size());
      assertEquals(10_000.0 + 1, registry.get(MeterNames.ROLLBACKS).counter().count());
    }
  }
}
