package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads append at once, so their appends share group-commit batches: every acknowledged record
 * is stored exactly once and as written, every rejected one is not stored, each contested sequence has
 * exactly one winner, and retention deletions of one session never touch another. Invariants only.
 */
class GroupCommitConcurrencyTest {
  private static final int OWN = 24;
  private static final int RACERS = 8;
  private static final int APPENDS = 40;
  private static final int KEEP = 5;
  private final String schema = TestDatabase.freshSchema("groupmany");
  private CheckpointStore store;

  @AfterEach
  void close() {
    TestDatabase.closeAndDrop(store, schema);
  }

  @Test
  void manyThreadsAppendingAtOnceLoseNoAcknowledgementAndDuplicateNone() throws Exception {
    // given
    store = TestDatabase.builder(schema).poolSize(8).open();
    Map<CheckpointId, CheckpointRecord> acknowledged = new ConcurrentHashMap<>();
    Map<CheckpointId, CheckpointRecord> rejected = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(OWN + RACERS);
    // when
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < OWN; t++) {
        String session = "own-" + t;
        done.add(pool.submit(() -> ownSession(session, start, acknowledged)));
      }
      for (int t = 0; t < RACERS; t++) {
        String session = "shared-" + t / 2;
        String racer = "racer-" + t;
        done.add(pool.submit(() -> race(session, racer, start, acknowledged, rejected)));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // then
    assertSessionsHoldWhatWasAcknowledged(acknowledged, rejected);
  }

  private void assertSessionsHoldWhatWasAcknowledged(Map<CheckpointId, CheckpointRecord> acknowledged,
      Map<CheckpointId, CheckpointRecord> rejected) {
    for (int t = 0; t < OWN; t++) {
      List<Long> kept = store.list("own-" + t, CheckpointQuery.all()).stream().map(c -> c.sequence()).toList();
      assertEquals(List.of(36L, 37L, 38L, 39L, 40L), kept, "own-" + t + " keeps its newest " + KEEP);
    }
    for (int s = 0; s < RACERS / 2; s++) {
      assertEquals(APPENDS, store.list("shared-" + s, CheckpointQuery.all()).size(), "one winner per sequence");
    }
    for (CheckpointRecord r : acknowledged.values()) {
      boolean pruned = r.checkpoint().sessionId().startsWith("own-") && r.checkpoint().sequence() <= APPENDS - KEEP;
      if (!pruned) {
        CheckpointRecord read = store.read(r.checkpoint().sessionId(), r.checkpoint().id()).orElseThrow(
            () -> new AssertionError("acknowledged " + r.checkpoint().id() + " is missing"));
        assertEquals(r, read, "acknowledged record as written");
      }
    }
    for (CheckpointRecord r : rejected.values()) {
      assertTrue(store.read(r.checkpoint().sessionId(), r.checkpoint().id()).isEmpty(), "rejected " + r.checkpoint().id());
    }
    assertEquals((long) OWN * KEEP + (long) RACERS / 2 * APPENDS, store.stats().checkpoints());
    assertEquals((long) OWN * APPENDS + (long) RACERS / 2 * APPENDS, acknowledged.size());
  }

  /** Append 1..APPENDS, each deleting what falls out of the newest KEEP. */
  private Void ownSession(String session, CountDownLatch start, Map<CheckpointId, CheckpointRecord> acknowledged)
      throws InterruptedException {
    start.await();
    for (int seq = 1; seq <= APPENDS; seq++) {
      CheckpointRecord r = TckCheckpoints.record(session, seq, 64 + seq);
      List<CheckpointId> doomed = seq > KEEP ? List.of(TckCheckpoints.idFor(session, seq - KEEP)) : List.of();
      int deleted = store.appendThenDelete(r, doomed);
      assertEquals(doomed.size(), deleted, session + " sequence " + seq);
      assertTrue(acknowledged.put(r.checkpoint().id(), r) == null, "acknowledged twice: " + r.checkpoint().id());
    }
    return null;
  }

  /** Try every sequence of a session that another racer tries too, with an id of this racer's own. */
  private Void race(String session, String racer, CountDownLatch start, Map<CheckpointId, CheckpointRecord> acknowledged,
      Map<CheckpointId, CheckpointRecord> rejected) throws InterruptedException {
    start.await();
    for (int seq = 1; seq <= APPENDS; seq++) {
      CheckpointRecord r = TckCheckpoints.record(TckCheckpoints.checkpoint(CheckpointId.of(racer + "-" + seq), session, seq,
          CheckpointType.USER_REQUESTED, 32));
      try {
        store.append(r);
        assertTrue(acknowledged.put(r.checkpoint().id(), r) == null, "acknowledged twice: " + r.checkpoint().id());
      } catch (CheckpointConflictException lost) {
        rejected.put(r.checkpoint().id(), r);
      }
    }
    return null;
  }
}
