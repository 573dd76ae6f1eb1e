package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Resume after a restart equals the committed state; sessions run in parallel without losses. */
abstract class EngineResumeCases extends EngineCases {
  @Test
  void aRestartedEngineResumesTheNewestCheckpointedState() {
    // given
    Session session = engine().initialize(SESSION, metadata(), Map.of("step", 0L));
    session.update(s -> s.with("step", 1L));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2L)); // not checkpointed: lost on restart, by design
    // when
    Session resumed = engine(dev.magnus.rollback.RollbackConfig.ofDefaults()).resume(SESSION);
    // then
    assertEquals(Map.of("step", 1L), resumed.getCurrentState().attributes());
    assertEquals(metadata(), resumed.getCurrentState().metadata());
    assertEquals(3, resumed.createCheckpoint(CheckpointType.USER_REQUESTED, "after restart").sequence());
  }

  @Test
  void aRestartAfterACommittedRollbackResumesTheRestoredState() {
    // given
    Session session = engine().initialize(SESSION, metadata(), Map.of("step", 0L));
    Checkpoint start = session.checkpoints().get(0);
    session.update(s -> s.with("step", 5L));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 5");
    session.rollbackToCheckpoint(start.id());
    // when
    Session resumed = engine(dev.magnus.rollback.RollbackConfig.ofDefaults()).resume(SESSION);
    // then
    assertEquals(session.getCurrentState(), resumed.getCurrentState());
    assertEquals(Map.of("step", 0L), resumed.getCurrentState().attributes());
  }

  @Test
  void aCrashBeforeTheCommitPointResumesTheStateBeforeTheRollback() {
    // given
    Session session = engine().initialize(SESSION, metadata(), Map.of("step", 0L));
    Checkpoint start = session.checkpoints().get(0);
    session.update(s -> s.with("step", 7L));
    store.failAppend(c -> c.type() == CheckpointType.RECOVERY_POINT); // dies at the commit point
    assertThrows(RollbackException.class, () -> session.rollbackToCheckpoint(start.id()));
    // when
    Session resumed = engine(dev.magnus.rollback.RollbackConfig.ofDefaults()).resume(SESSION);
    // then
    assertEquals(Map.of("step", 7L), resumed.getCurrentState().attributes(), "the rollback never committed");
  }

  @Test
  void resumingAnUnknownSessionFails() {
    // given
    SessionRollbackEngine engine = engine();
    // when / then
    assertThrows(SessionNotFoundException.class, () -> engine.resume("nobody-here"));
  }

  @Test
  void parallelSessionsLoseNoCheckpointAndKeepGapFreeSequences() throws Exception {
    // given
    SessionRollbackEngine engine = engine(config(c -> c.maxCheckpoints(1_000_000).retention(Duration.ZERO)));
    Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    List<Session> handles = openSessions(engine, 4, written);
    // when
    runMixedOperations(handles, written, 8, 100);
    // then
    assertStoredExactlyWhatWasAcknowledged(handles, written);
    assertTrue(engine.getAuditLog().verify().valid());
  }

  /** Open {@code count} sessions; each has written its SESSION_START. */
  private static List<Session> openSessions(SessionRollbackEngine engine, int count, Map<String, AtomicLong> written) {
    List<Session> handles = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      handles.add(engine.initialize("parallel-" + s, metadata(), Map.of("n", 0L)));
      written.put("parallel-" + s, new AtomicLong(1));
    }
    return handles;
  }

  /** Start {@code threads} threads at once, each doing {@code operations} random operations. */
  private static void runMixedOperations(List<Session> handles, Map<String, AtomicLong> written, int threads,
      int operations) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        futures.add(pool.submit(() -> {
          go.await();
          Random random = new Random(seed);
          for (int i = 0; i < operations; i++) {
            operate(handles.get(random.nextInt(handles.size())), random, "t" + seed + "-" + i, written);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Update, checkpoint or roll back (four, four and two chances in ten), counting what gets stored. */
  private static void operate(Session session, Random random, String description, Map<String, AtomicLong> written) {
    int op = random.nextInt(10);
    if (op < 4) {
      session.update(s -> s.with("n", (Long) s.attributes().get("n") + 1));
    } else if (op < 8) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, description);
      written.get(session.id()).incrementAndGet();
    } else {
      List<Checkpoint> all = session.checkpoints();
      session.rollbackToCheckpoint(all.get(random.nextInt(all.size())).id());
      written.get(session.id()).addAndGet(2);
    }
  }

  private void assertStoredExactlyWhatWasAcknowledged(List<Session> handles, Map<String, AtomicLong> written) {
    Set<String> ids = new HashSet<>();
    for (Session session : handles) {
      List<Checkpoint> stored = store.list(session.id(), CheckpointQuery.all());
      assertEquals(written.get(session.id()).get(), stored.size(), "acknowledged checkpoints of " + session.id());
      for (int i = 0; i < stored.size(); i++) {
        assertEquals(i + 1, stored.get(i).sequence(), "sequences of " + session.id() + " are 1..n without gaps");
        assertTrue(ids.add(stored.get(i).id().value()), "checkpoint ids are unique across sessions");
      }
    }
  }

  private static final long WAIT_SECONDS = 120;
}
