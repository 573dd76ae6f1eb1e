package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several sessions on one store while appends fail at random, before or after the record reached the
 * store; then a reopen. Regression for issue 12, item 4: an acknowledged checkpoint was replaced by a
 * never-acknowledged one because the engine re-appended a sequence whose outcome was unknown.
 */
class UnknownOutcomeConcurrencyTest {
  private static final int THREADS = 8;
  private static final int SESSIONS = 8;
  private static final int OPERATIONS = 300;

  private final CheckpointStore data = InMemoryStores.create();
  private final InjectingStore store = InjectingStore.view(data);
  private final Map<CheckpointId, Checkpoint> acknowledged = new ConcurrentHashMap<>();
  private final Set<CheckpointId> pruned = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failedBefore = new AtomicInteger();
  private final AtomicInteger failedAfter = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean retention;

  @ParameterizedTest(name = "maxCheckpoints={0}")
  @ValueSource(ints = {1_000_000, 6})
  void everyAcknowledgedCheckpointIsStoredWithItsStateHashAfterRandomAppendFailuresAndAReopen(int maxCheckpoints)
      throws Exception {
    // given
    retention = maxCheckpoints < OPERATIONS * THREADS;
    RollbackConfig config = Fixtures.config(c -> c.maxCheckpoints(maxCheckpoints).retention(Duration.ZERO));
    SessionRollbackEngine engine = SessionRollback.builder().store(store).config(config).build();
    engine.addObserver(new SessionObserver() {
      @Override
      public void checkpointsPruned(String sessionId, List<CheckpointId> deleted) {
        pruned.addAll(deleted);
      }
    });
    List<Session> sessions = new ArrayList<>();
    for (int s = 0; s < SESSIONS; s++) {
      sessions.add(engine.initialize("session-" + s, metadata(), Map.of("counter", 0)));
    }
    Random injector = new Random(12);
    store.failAppend(sometimes(injector, failedBefore));
    store.failAfterAppend(sometimes(injector, failedAfter));
    // when
    runConcurrently(sessions);
    store.failAppend(c -> false);
    store.failAfterAppend(c -> false);
    Map<String, SessionState> finalStates = checkpointEachOnce(sessions);
    engine.close();
    // then
    assertTrue(failedBefore.get() > 0 && failedAfter.get() > 0 && refused.get() > 0, "both kinds of failure were "
        + "injected: before=" + failedBefore + ", after=" + failedAfter + ", refused operations=" + refused);
    for (Session session : sessions) {
      assertNoDuplicateSequences(session.id(), !retention);
    }
    assertEveryAcknowledgedCheckpointIsStoredAsAcknowledged();
    assertAReopenResumesTheLastAcknowledgedStates(config, finalStates);
  }

  private static Predicate<Checkpoint> sometimes(Random random, AtomicInteger count) {
    return c -> {
      boolean fail;
      synchronized (random) {
        fail = random.nextInt(8) == 0;
      }
      if (fail) {
        count.incrementAndGet();
      }
      return fail;
    };
  }

  private void runConcurrently(List<Session> sessions) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int seed = t;
      futures.add(pool.submit(() -> {
        start.await();
        Random random = new Random(seed);
        for (int i = 0; i < OPERATIONS; i++) {
          operate(sessions.get(random.nextInt(SESSIONS)), random, seed + "-" + i);
        }
        return null;
      }));
    }
    start.countDown();
    try {
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One random operation; an injected failure is expected, a conflict (a reused sequence) is not. */
  private void operate(Session session, Random random, String name) {
    int op = random.nextInt(10);
    try {
      if (op < 4) {
        session.update(s -> s.with("counter", (Long) s.attributes().get("counter") + 1));
      } else if (op < 8) {
        acknowledge(session.createCheckpoint(CheckpointType.USER_REQUESTED, name));
      } else {
        List<Checkpoint> all = session.checkpoints();
        RollbackResult result = session.rollbackToCheckpoint(all.get(random.nextInt(all.size())).id());
        acknowledge(result.preRollback());
        acknowledge(result.recoveryPoint());
      }
    } catch (StoreException e) {
      refused.incrementAndGet();
    } catch (CheckpointNotFoundException e) {
      if (!retention) {
        throw e; // only retention deletes a target another thread listed
      }
    }
  }

  private void acknowledge(Checkpoint c) {
    acknowledged.put(c.id(), c);
  }

  private Map<String, SessionState> checkpointEachOnce(List<Session> sessions) {
    Map<String, SessionState> states = new HashMap<>();
    for (Session session : sessions) {
      acknowledge(session.createCheckpoint(CheckpointType.USER_REQUESTED, "after the failures stopped"));
      states.put(session.id(), session.getCurrentState());
    }
    return states;
  }

  private void assertNoDuplicateSequences(String sessionId, boolean gapFree) {
    List<Checkpoint> stored = data.list(sessionId, CheckpointQuery.all());
    for (int i = 1; i < stored.size(); i++) {
      long previous = stored.get(i - 1).sequence();
      long sequence = stored.get(i).sequence();
      assertTrue(sequence > previous, sessionId + ": sequence " + sequence + " follows " + previous);
      if (gapFree) {
        assertEquals(previous + 1, sequence, sessionId + ": no gap without retention");
      }
    }
  }

  private void assertEveryAcknowledgedCheckpointIsStoredAsAcknowledged() {
    for (Checkpoint c : acknowledged.values()) {
      if (pruned.contains(c.id())) {
        continue;
      }
      Checkpoint stored = data.read(c.sessionId(), c.id()).map(CheckpointRecord::checkpoint).orElseThrow(
          () -> new AssertionError("acknowledged checkpoint " + c.id() + " of " + c.sessionId() + " is not stored"));
      assertEquals(c.sequence(), stored.sequence(), "sequence of " + c.id());
      assertEquals(c.stateHash(), stored.stateHash(), "state hash of " + c.id());
    }
  }

  private void assertAReopenResumesTheLastAcknowledgedStates(RollbackConfig config, Map<String, SessionState> states) {
    InjectingStore reopened = InjectingStore.wrap(data);
    try (SessionRollbackEngine engine = SessionRollback.builder().store(reopened).config(config).build()) {
      for (Map.Entry<String, SessionState> expected : states.entrySet()) {
        SessionState resumed = engine.resume(expected.getKey()).getCurrentState();
        assertEquals(expected.getValue().attributes(), resumed.attributes(), "resumed state of " + expected.getKey());
      }
    }
  }
}
