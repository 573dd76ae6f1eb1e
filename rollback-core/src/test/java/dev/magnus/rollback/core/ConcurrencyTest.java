package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
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

class ConcurrencyTest {
  private static final int THREADS = 16;
  private static final int SESSIONS = 8;
  private static final int OPERATIONS = 500;

  @Test
  void parallelOperationsWithInterleavedRollbacksLoseNoCheckpointAndLeaveGapFreeSequences() throws Exception {
    CheckpointStore store = InMemoryStores.create();
    SessionRollbackEngine engine = SessionRollback.builder().store(store)
        .config(Fixtures.config(c -> c.maxCheckpoints(1_000_000).retention(Duration.ZERO))).build();
    List<Session> sessions = new ArrayList<>();
    Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    for (int s = 0; s < SESSIONS; s++) {
      sessions.add(engine.initialize("session-" + s, metadata(), Map.of("counter", 0)));
      written.put("session-" + s, new AtomicLong(1));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int seed = t;
      futures.add(pool.submit(() -> {
        start.await();
        Random random = new Random(seed);
        for (int i = 0; i < OPERATIONS; i++) {
          Session session = sessions.get(random.nextInt(SESSIONS));
          int op = random.nextInt(10);
          if (op < 5) {
            session.update(s -> s.with("counter", (Long) s.attributes().get("counter") + 1));
          } else if (op < 8) {
            session.createCheckpoint(CheckpointType.USER_REQUESTED, "t" + seed + "-" + i);
            written.get(session.id()).incrementAndGet();
          } else {
            List<Checkpoint> all = session.checkpoints();
            session.rollbackToCheckpoint(all.get(random.nextInt(all.size())).id());
            written.get(session.id()).addAndGet(2);
          }
        }
        return null;
      }));
    }

    start.countDown();
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    Set<String> allIds = new HashSet<>();
    for (Session session : sessions) {
      List<Checkpoint> stored = store.list(session.id(), CheckpointQuery.all());
      assertEquals(written.get(session.id()).get(), stored.size(), "every acknowledged checkpoint of " + session.id());
      for (int i = 0; i < stored.size(); i++) {
        assertEquals(i + 1, stored.get(i).sequence(), "gap-free sequence in " + session.id());
        assertTrue(allIds.add(stored.get(i).id().value()), "unique id " + stored.get(i).id());
      }
    }
    assertTrue(engine.getAuditLog().verify().valid());
  }
}
