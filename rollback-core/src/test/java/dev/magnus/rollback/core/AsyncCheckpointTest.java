package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Asynchronous checkpoints against a store whose appends block until the test releases them. */
@Timeout(60)
class AsyncCheckpointTest {
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final BlockingStore store = new BlockingStore();

  @AfterEach
  void release() {
    store.release.countDown();
    scheduler.shutdownNow();
  }

  private DefaultSessionRollbackEngine engine(long timeoutMs) {
    return (DefaultSessionRollbackEngine) SessionRollback.builder()
        .config(Fixtures.config(c -> c.asyncCheckpoints(true).checkpointTimeout(Duration.ofMillis(timeoutMs))
            .maxCheckpoints(100)))
        .store(store.injecting).scheduler(scheduler).build();
  }

  private Session session(DefaultSessionRollbackEngine engine) {
    Session session = engine.initialize("s1", Fixtures.metadata(), Map.of("step", 0L));
    store.armed = true;
    return session;
  }

  @Test
  void writesQueuedBehindABlockedWriteKeepTheirCallOrder() throws Exception {
    // given a session whose first asynchronous write is stuck in the store
    Session session = session(engine(60_000));
    List<CompletableFuture<Checkpoint>> stages = new ArrayList<>();
    stages.add(session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "c0").toCompletableFuture());
    store.entered.await(30, TimeUnit.SECONDS);
    for (int i = 1; i < 5; i++) {
      stages.add(session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "c" + i).toCompletableFuture());
    }
    // when the store lets writes through
    store.release.countDown();
    CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    // then sequences follow the calls
    for (int i = 0; i < 5; i++) {
      assertEquals("c" + i, stages.get(i).get().description());
      assertEquals(i + 2, stages.get(i).get().sequence());
    }
  }

  @Test
  void stageFailsAfterTheTimeoutAndTheWriteStillCommitsLater() throws Exception {
    // given a 50 ms timeout and a write stuck in the store
    Session session = session(engine(50));
    CompletableFuture<Checkpoint> stage = session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "late")
        .toCompletableFuture();
    // when the timeout passes
    ExecutionException e = assertThrows(ExecutionException.class, () -> stage.get(30, TimeUnit.SECONDS));
    // then the stage names the option; the write, released, commits before the next one
    assertInstanceOf(StoreException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("did not finish within checkpoint.checkpointTimeoutMs=50"),
        e.getCause()::getMessage);
    store.release.countDown();
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "after");
    assertEquals(List.of("session started", "late", "after"),
        session.checkpoints().stream().map(Checkpoint::description).toList());
  }

  @Test
  void closeWaitsForQueuedWritesBeforeClosingTheStore() throws Exception {
    // given three writes queued, the first stuck in the store
    DefaultSessionRollbackEngine engine = engine(60_000);
    Session session = session(engine);
    List<CompletableFuture<Checkpoint>> stages = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      stages.add(session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "q" + i).toCompletableFuture());
    }
    store.entered.await(30, TimeUnit.SECONDS);
    // when close starts (refusing new work) and only then the store is released
    engine.onClosing(store.release::countDown);
    engine.close();
    // then every queued write committed before the store closed
    CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertEquals(4, store.recordsAtClose);
    assertEquals(0, store.inFlightAtClose);
    assertThrows(ClosedException.class, () -> session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "new")
        .toCompletableFuture().join());
  }

  @Test
  void closeGivesUpOnAHungWriteAfterTheTimeout() throws Exception {
    // given a write that never finishes while close runs
    DefaultSessionRollbackEngine engine = engine(100);
    Session session = session(engine);
    CompletableFuture<Checkpoint> stage = session.createCheckpointAsync(CheckpointType.USER_REQUESTED, "hung")
        .toCompletableFuture();
    store.entered.await(30, TimeUnit.SECONDS);
    // when
    engine.close();
    // then close returned with the write still in flight, and the stage failed
    assertEquals(1, store.inFlightAtClose);
    assertThrows(ExecutionException.class, () -> stage.get(30, TimeUnit.SECONDS));
  }

  /**
   * A memory store whose appends, once armed, each wait for {@link #release}; it notes the appends in
   * flight and the checkpoints stored when the engine closes it.
   */
  private static final class BlockingStore {
    final InjectingStore injecting = InjectingStore.wrap(InMemoryStores.create());
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean armed;
    volatile int recordsAtClose = -1;
    volatile int inFlightAtClose = -1;

    BlockingStore() {
      injecting.beforeAppend(record -> {
        inFlight.incrementAndGet();
        if (armed) {
          entered.countDown();
          awaitRelease();
        }
      });
      injecting.afterAppend(record -> inFlight.decrementAndGet());
      injecting.beforeClose(() -> {
        inFlightAtClose = inFlight.get();
        recordsAtClose = (int) injecting.stats().checkpoints();
      });
    }

    private void awaitRelease() {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        inFlight.decrementAndGet();
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted", e);
      }
    }
  }
}
