package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The audit trail's queue-and-drain path: ordered, chained, nothing stranded, every caller reads its own entry. */
class AuditTrailConcurrencyTest {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 400;

  @Test
  void concurrentRecordsFormOneGapFreeVerifiableChainInEveryThreadsOrderAndReachTheSinkInChainOrder()
      throws Exception {
    // given
    List<AuditEntry> sunk = new CopyOnWriteArrayList<>();
    AuditTrail trail = new AuditTrail(Clock.systemUTC(), THREADS * PER_THREAD, List.of(sunk::add));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> misses = new ArrayList<>();

    // when
    for (int t = 0; t < THREADS; t++) {
      String session = "s" + t;
      misses.add(pool.submit(() -> {
        start.await();
        int missed = 0;
        for (int i = 0; i < PER_THREAD; i++) {
          trail.record(AuditAction.CHECKPOINT_CREATED, session, Outcome.SUCCESS, Map.of("i", Integer.toString(i)));
          List<AuditEntry> mine = trail.entries(session);
          missed += mine.get(mine.size() - 1).details().get("i").equals(Integer.toString(i)) ? 0 : 1;
        }
        return missed;
      }));
    }
    start.countDown();
    int missed = 0;
    for (Future<Integer> f : misses) {
      missed += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    // then
    List<AuditEntry> all = trail.entries();
    assertEquals(0, missed, "a caller did not see its own entry right after recording it");
    assertEquals(THREADS * PER_THREAD, all.size(), "entries stranded in the queue or lost");
    for (int k = 0; k < all.size(); k++) {
      assertEquals(k + 1, all.get(k).entryId(), "gap-free ids in chain order");
      assertTrue(k == 0 || !all.get(k).timestamp().isBefore(all.get(k - 1).timestamp()), "time never steps back");
    }
    assertTrue(trail.verify().valid(), trail.verify().toString());
    assertEquals(all, sunk, "the sink gets every entry once, in chain order");
    for (int t = 0; t < THREADS; t++) {
      List<AuditEntry> mine = trail.entries("s" + t);
      for (int i = 0; i < PER_THREAD; i++) {
        assertEquals(Integer.toString(i), mine.get(i).details().get("i"), "each thread's entries in its own order");
      }
    }
  }
}
