package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreStats;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Catch a checkpoint in the middle of its move between the tiers, and moves that fail half-way: a
 * reader must see it exactly once, and a delete must reach every copy.
 */
class TieredCheckpointStoreMoveTest {
  private static final long WAIT_SECONDS = 60;
  private final InjectingStore hot = InjectingStore.wrap(InMemoryStores.create(Long.MAX_VALUE));
  private final InjectingStore cold = InjectingStore.wrap(InMemoryStores.create(Long.MAX_VALUE));
  private final ExecutorService appender = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    appender.shutdownNow();
  }

  private static CheckpointRecord record(String id, long sequence) {
    return TckCheckpoints.record(TckCheckpoints.checkpoint(CheckpointId.of(id), "s", sequence,
        CheckpointType.USER_REQUESTED, 100));
  }

  @Test
  void aCheckpointCopiedToTheDurableTierButStillInMemoryIsSeenOnce() throws Exception {
    // given a move paused after its copy to the durable tier, before the memory tier's delete
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1);
    CheckpointRecord r = record("m1", 1);
    Pause pause = new Pause();
    cold.afterAppend(rec -> pause.here());
    Future<?> append = appender.submit(() -> store.append(r));
    pause.awaitReached();
    try {
      assertEquals(List.of(r.checkpoint()), hot.list("s", CheckpointQuery.all()), "precondition: still in memory");
      assertEquals(List.of(r.checkpoint()), cold.list("s", CheckpointQuery.all()), "precondition: already copied");
      // when / then
      assertSeenOnce(store, r);
    } finally {
      pause.release();
    }
    append.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertSeenOnce(store, r);
  }

  @Test
  void aCheckpointDeletedFromMemoryBeforeTheIndexKnowsItMovedIsSeenOnce() throws Exception {
    // given a move paused right after the memory tier's delete
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1);
    CheckpointRecord r = record("m1", 1);
    Pause pause = new Pause();
    hot.afterDelete(pause::here);
    Future<?> append = appender.submit(() -> store.append(r));
    pause.awaitReached();
    try {
      assertEquals(List.of(), hot.list("s", CheckpointQuery.all()), "precondition: gone from memory");
      // when / then
      assertSeenOnce(store, r);
    } finally {
      pause.release();
    }
    append.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertSeenOnce(store, r);
  }

  @Test
  void aMoveWhoseCopyFailsKeepsTheCheckpointInMemoryAndTheNextSpillMovesIt() {
    // given a durable tier that refuses appends
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 150);
    cold.failAppend(c -> true);
    store.append(record("m1", 1));
    // when
    store.append(record("m2", 2));
    // then nothing is lost: both stay in memory, above the bound
    assertEquals(200L, store.stats().extra().get("memoryTierBytes"));
    assertEquals(List.of(1L, 2L), sequences(store.list("s", CheckpointQuery.all())));
    // and when the durable tier heals, the next append's spill catches up
    cold.failAppend(c -> false);
    store.append(record("m3", 3));
    assertEquals(List.of(1L, 2L), sequences(cold.list("s", CheckpointQuery.all())));
    assertEquals(List.of(3L), sequences(hot.list("s", CheckpointQuery.all())));
    assertEquals(List.of(1L, 2L, 3L), sequences(store.list("s", CheckpointQuery.all())));
  }

  @Test
  void aMoveWhoseMemoryDeleteFailedIsCompletedByTheNextSpill() {
    // given a move that copied checkpoint 1 but could not delete it from memory
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1);
    hot.failDelete(true);
    CheckpointRecord first = record("m1", 1);
    store.append(first);
    assertEquals(List.of(first.checkpoint()), hot.list("s", CheckpointQuery.all()), "precondition: left in memory");
    assertEquals(List.of(first.checkpoint()), cold.list("s", CheckpointQuery.all()), "precondition: copied");
    assertSeenOnce(store, first);
    // when the memory tier heals and the next append spills
    hot.failDelete(false);
    store.append(record("m2", 2));
    // then both are in the durable tier only, each once
    assertEquals(List.of(), hot.list("s", CheckpointQuery.all()));
    assertEquals(List.of(1L, 2L), sequences(cold.list("s", CheckpointQuery.all())));
    assertEquals(2L, store.stats().checkpoints());
  }

  @Test
  void aDeleteReachesBothCopiesOfAHalfMovedCheckpoint() {
    // given checkpoint 1 in both tiers after a move whose memory delete failed
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1);
    hot.failDelete(true);
    CheckpointRecord first = record("m1", 1);
    store.append(first);
    hot.failDelete(false);
    // when
    int deleted = store.delete("s", List.of(first.checkpoint().id()));
    // then it is gone from both tiers, counted once, and a later spill does not bring it back
    assertEquals(1, deleted);
    store.append(record("m2", 2));
    assertEquals(Optional.empty(), store.read("s", first.checkpoint().id()));
    assertEquals(List.of(), hot.list("s", CheckpointQuery.all()));
    assertEquals(List.of(2L), sequences(cold.list("s", CheckpointQuery.all())));
    assertEquals(List.of(1L, 100L), List.of(store.stats().checkpoints(), store.stats().payloadBytes()));
  }

  /** Every way of looking at the store shows the checkpoint exactly once. */
  private static void assertSeenOnce(CheckpointStore store, CheckpointRecord r) {
    Checkpoint c = r.checkpoint();
    assertEquals(List.of(c), store.list("s", CheckpointQuery.all()), "list");
    assertEquals(List.of(c), store.list("s", CheckpointQuery.all().newestFirst().limit(2)), "list newest first");
    assertEquals(Optional.of(c), store.latest("s"), "latest");
    assertEquals(Optional.of(r), store.read("s", c.id()), "read");
    assertEquals(Set.of("s"), store.sessions(), "sessions");
    StoreStats stats = store.stats();
    assertEquals(List.of(1L, 1L, 100L), List.of(stats.sessions(), stats.checkpoints(), stats.payloadBytes()),
        "stats: sessions, checkpoints, payload bytes");
  }

  private static List<Long> sequences(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::sequence).toList();
  }

  /** Stop one thread at a point until the test lets it go; every wait is bounded. */
  private static final class Pause {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void here() {
      reached.countDown();
      try {
        if (!released.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the paused move");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while paused", e);
      }
    }

    void awaitReached() throws InterruptedException {
      assertTrue(reached.await(WAIT_SECONDS, TimeUnit.SECONDS), "the move never reached the pause point");
    }

    void release() {
      released.countDown();
    }
  }
}
