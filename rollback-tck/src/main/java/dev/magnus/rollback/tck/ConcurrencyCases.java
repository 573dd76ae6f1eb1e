package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Check that concurrent appends lose nothing and duplicate nothing; invariants, never timings. */
abstract class ConcurrencyCases extends StoreCases {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 50;

  @Test
  void sixteenThreadsOnTheirOwnSessionsLoseNothing() throws Exception {
    // given
    List<Future<?>> done = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      // when
      for (int t = 0; t < THREADS; t++) {
        String session = "writer-" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int seq = 1; seq <= PER_THREAD; seq++) {
            store.append(TckCheckpoints.record(session, seq, 64));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    // then
    assertEquals(THREADS, store.sessions().size());
    for (int t = 0; t < THREADS; t++) {
      List<Checkpoint> listed = listAll("writer-" + t);
      assertEquals(PER_THREAD, listed.size(), "writer-" + t);
      assertEquals(PER_THREAD, new HashSet<>(ids(listed)).size(), "duplicates in writer-" + t);
    }
    assertEquals((long) THREADS * PER_THREAD, store.stats().checkpoints());
  }

  @Test
  void sixteenThreadsOnOneSessionLoseNothingAndDuplicateNothing() throws Exception {
    // given
    List<Future<?>> done = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      // when: thread t appends sequences t+1, t+1+16, ... so that together they fill 1..800
      for (int t = 0; t < THREADS; t++) {
        int first = t + 1;
        done.add(pool.submit(() -> {
          start.await();
          for (int seq = first; seq <= THREADS * PER_THREAD; seq += THREADS) {
            store.append(TckCheckpoints.record(SESSION, seq, 32));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    // then
    List<Checkpoint> listed = listAll(SESSION);
    assertEquals(THREADS * PER_THREAD, listed.size());
    for (int i = 0; i < listed.size(); i++) {
      assertEquals(i + 1L, listed.get(i).sequence(), "list must be complete and in sequence order");
    }
    assertEquals(THREADS * PER_THREAD, new HashSet<>(ids(listed)).size());
  }

  @Test
  void readersDuringAppendsNeverSeeADescriptorWithoutItsPayload() throws Exception {
    // given
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        start.await();
        try {
          for (int seq = 1; seq <= 400; seq++) {
            store.append(TckCheckpoints.record(SESSION, seq, 128));
          }
        } finally {
          writing.set(false);
        }
        return null;
      });
      // when
      Future<Set<CheckpointId>> reader = pool.submit(() -> {
        start.await();
        Set<CheckpointId> seen = new HashSet<>();
        while (writing.get()) {
          for (Checkpoint c : listAll(SESSION)) {
            CheckpointRecord r = store.read(SESSION, c.id())
                .orElseThrow(() -> new AssertionError("listed checkpoint " + c.id() + " is not readable"));
            assertTrue(java.util.Arrays.equals(TckCheckpoints.payload(c.id(), 128), r.payload()),
                () -> "payload of " + c.id() + " read while appending differs");
            seen.add(c.id());
          }
        }
        return seen;
      });
      start.countDown();
      await(writer);
      await(reader);
    } finally {
      pool.shutdownNow();
    }
    // then
    assertEquals(400, listAll(SESSION).size());
    assertEquals(CheckpointType.USER_REQUESTED, store.latest(SESSION).orElseThrow().type());
  }
}
