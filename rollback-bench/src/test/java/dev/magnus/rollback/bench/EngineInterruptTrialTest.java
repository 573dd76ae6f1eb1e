package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario of issue 12, through the engine on the durable file store: eight sessions checkpoint
 * while two of their threads are interrupted thousands of times; then the store is reopened. Every
 * checkpoint the engine acknowledged must be served exactly as acknowledged (same id, same state
 * hash), and the sessions whose threads were never interrupted must never see a failure.
 * (Regression: acknowledged checkpoints were replaced by failed attempts after a restart, and
 * appends failed on every session.)
 */
class EngineInterruptTrialTest {
  private static final int SESSIONS = 8;
  private static final int INTERRUPTED = 2;
  private static final int INTERRUPTS = Integer.getInteger("rollback.trials", 4_000);

  @TempDir
  Path dir;

  @Test
  void interruptsNeverReplaceAnAcknowledgedCheckpointNorFailOtherSessions() throws Exception {
    Map<String, Checkpoint> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger failuresOnQuietThreads = new AtomicInteger();
    AtomicInteger failuresOnInterruptedThreads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(SESSIONS + 1);
    CheckpointStore store = FileStores.open(dir);
    try (SessionRollbackEngine engine = SessionRollback.builder().config(RollbackConfig.ofDefaults()).store(store)
        .build()) {
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch started = new CountDownLatch(SESSIONS);
      List<Thread> targets = new CopyOnWriteList();
      List<Future<?>> writers = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        boolean interrupted = i < INTERRUPTED;
        Session session = engine.initialize("s-" + i, BenchStates.metadata(), BenchStates.attributes(
            BenchStates.Size.SMALL, i));
        writers.add(pool.submit(() -> {
          if (interrupted) {
            targets.add(Thread.currentThread());
          }
          started.countDown();
          for (long n = 0; !stop.get(); n++) {
            long step = n;
            try {
              session.update(s -> s.with("step", step));
              Checkpoint c = session.createCheckpoint(CheckpointType.AUTO_PERIODIC, "step " + step);
              acknowledged.put(c.id().value(), c);
            } catch (RuntimeException e) {
              (interrupted ? failuresOnInterruptedThreads : failuresOnQuietThreads).incrementAndGet();
              if (!interrupted) {
                throw e;
              }
            }
            Thread.interrupted();
          }
          return null;
        }));
      }
      assertTrue(started.await(60, TimeUnit.SECONDS));
      // interrupt until both the interrupts are sent and the sessions have written a good many checkpoints
      for (int k = 0; k < INTERRUPTS || acknowledged.size() < 2_000; k++) {
        targets.get(k % targets.size()).interrupt();
        if (k % 20 == 0) {
          Thread.sleep(1);
        }
      }
      stop.set(true);
      for (Future<?> f : writers) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, failuresOnQuietThreads.get(), "appends failed on sessions whose threads were never interrupted");

    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertEquals(0L, reopened.stats().corruptions(), FileStores.damage(reopened).toString());
      assertEquals(0L, reopened.stats().extra().get("replayConflicts"));
      int checked = 0;
      for (int i = 0; i < SESSIONS; i++) {
        for (Checkpoint stored : reopened.list("s-" + i, CheckpointQuery.all())) {
          Checkpoint acked = acknowledged.get(stored.id().value());
          if (stored.type() != CheckpointType.SESSION_START) {
            assertEquals(acked, stored, "checkpoint " + stored.id() + " of s-" + i + " (sequence "
                + stored.sequence() + ") is not the one the engine acknowledged");
            checked++;
          }
        }
      }
      assertTrue(checked > 0, "some acknowledged checkpoints are retained");
    }
  }

  /** A small thread-safe list for the interrupt targets. */
  private static final class CopyOnWriteList extends java.util.concurrent.CopyOnWriteArrayList<Thread> {
    private static final long serialVersionUID = 1L;
  }
}
