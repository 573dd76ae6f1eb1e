package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
  private static final int THREADS = 32;
  private static final int PER_THREAD = 20;
  private static final int PAYLOAD = 4500;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void concurrentAppendsToManySessionsAreAllKeptAndShareForces() throws Exception {
    // given
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    long forces;
    long appends;
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(1 << 20).open()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String session = "session-" + t;
        futures.add(pool.submit(() -> {
          start.await();
          for (long seq = 1; seq <= PER_THREAD; seq++) {
            store.append(record(session, seq, PAYLOAD));
          }
          return null;
        }));
      }

      // when
      start.countDown();
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
      forces = store.stats().extra().get("forces");
      appends = store.stats().extra().get("appends");
    } finally {
      pool.shutdownNow();
    }

    // then
    assertEquals(THREADS * PER_THREAD, appends);
    assertTrue(forces < appends, "group commit: " + forces + " forces for " + appends + " appends");
    try (CheckpointStore reopened = FileStores.open(dir)) {
      for (int t = 0; t < THREADS; t++) {
        String session = "session-" + t;
        List<Long> sequences = reopened.list(session, CheckpointQuery.all()).stream().map(Checkpoint::sequence)
            .toList();
        assertEquals(LongStream.rangeClosed(1, PER_THREAD).boxed().toList(), sequences, session);
        assertEquals(Optional.of(record(session, PER_THREAD, PAYLOAD)),
            reopened.read(session, Fixtures.id(session, PER_THREAD)));
      }
      assertEquals(THREADS * PER_THREAD, reopened.stats().checkpoints());
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void racingAppendsOfOneSequenceLetExactlyOneWin() throws Exception {
    // given
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    int winners = 0;
    try (CheckpointStore store = FileStores.open(dir)) {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        dev.magnus.rollback.CheckpointId id = dev.magnus.rollback.CheckpointId.of("racer-" + t);
        futures.add(pool.submit(() -> {
          start.await();
          try {
            store.append(record("shared", 1, 64, id));
            return true;
          } catch (dev.magnus.rollback.CheckpointConflictException e) {
            return false;
          }
        }));
      }

      // when
      start.countDown();
      for (Future<Boolean> f : futures) {
        winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }

      // then
      assertEquals(1, winners);
      assertEquals(1, store.stats().checkpoints());
    } finally {
      pool.shutdownNow();
    }
  }
}
