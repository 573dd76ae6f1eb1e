package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Check that concurrent appends lose nothing and duplicate nothing; invariants, never timings.
 *
 * <p>Writers start each round together, spinning at a gate, so their calls collide many times over: an index kept in an unsynchronized map or list (a plain {@code HashMap} or {@code ArrayList})
 * loses entries, or its size, in a run of these cases with near certainty, even on two cores.
 */
abstract class ConcurrencyCases extends StoreCases {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 50;
  /** The churning case: threads, and the fewest and most sessions each creates. */
  private static final int CREATORS = 4;
  private static final int MIN_CHURN = 60;
  private static final int MAX_CHURN = 20_000;
  private static final int READ_ALONG = 400;

  /** The work of one thread in one round. */
  @FunctionalInterface
  interface RoundWork {
    void run(int thread, int round) throws Exception;
  }

  /**
   * Run {@code rounds} rounds of {@code work} on {@code threads} threads. Each round starts when every
   * thread has arrived, and the threads wait for it spinning (yielding), not parked: those on a core
   * start within nanoseconds of each other, so their calls truly overlap.
   */
  static void inRounds(int threads, int rounds, RoundWork work) throws Exception {
    AtomicInteger arrived = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int round = 0; round < rounds; round++) {
            startTogether(arrived, threads * (round + 1L));
            work.run(thread, round);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void startTogether(AtomicInteger arrived, long everyone) throws TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    arrived.incrementAndGet();
    while (arrived.get() < everyone) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("only " + arrived.get() + " of " + everyone + " arrivals after " + WAIT_SECONDS + " s");
      }
      Thread.yield();
    }
  }

  @Test
  void sixteenThreadsOnTheirOwnSessionsLoseNothing() throws Exception {
    // when: each round, every thread appends its next sequence to its own session
    inRounds(THREADS, PER_THREAD, (t, round) -> store.append(TckCheckpoints.record("writer-" + t, round + 1, 64)));
    // then
    assertEquals(THREADS, store.sessions().size());
    for (int t = 0; t < THREADS; t++) {
      List<Checkpoint> listed = listAll("writer-" + t);
      assertEquals(PER_THREAD, listed.size(), "writer-" + t);
      assertEquals(PER_THREAD, new HashSet<>(ids(listed)).size(), "duplicates in writer-" + t);
    }
    assertEquals((long) THREADS * PER_THREAD, store.stats().checkpoints());
  }

  /**
   * Threads create sessions, read each back and delete every other one, all at once: at least
   * {@value #MIN_CHURN} sessions a thread, and more, up to {@value #MAX_CHURN}, while the first second
   * lasts, so that a fast store gives its races many chances. Then the index must be exact.
   */
  @Test
  void threadsCreatingAndDeletingSessionsAtOnceKeepTheIndexExact() throws Exception {
    // given
    Set<String> kept = ConcurrentHashMap.newKeySet();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    // when
    inRounds(CREATORS, 1, (t, round) -> {
      for (int i = 0; i < MAX_CHURN && (i < MIN_CHURN || System.nanoTime() < until); i++) {
        String session = "churn-" + t + "-" + i;
        store.append(TckCheckpoints.record(session, 1, 8));
        if (store.latest(session).isEmpty()) {
          throw new AssertionError("session '" + session + "' was acknowledged, but latest() does not find it");
        }
        if (i % 2 == 1) {
          assertEquals(1, store.deleteSession(session), () -> "deleteSession of '" + session + "'");
        } else {
          kept.add(session);
        }
      }
    });
    // then
    assertSessionsHoldOneCheckpointEach(kept);
  }

  private void assertSessionsHoldOneCheckpointEach(Set<String> expected) {
    Set<String> listed = new TreeSet<>(store.sessions());
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(listed);
    assertEquals(Set.of(), missing, "sessions lost by concurrent appends");
    assertEquals(expected, listed, "sessions");
    assertEquals(List.of((long) expected.size(), (long) expected.size(), 8L * expected.size()), List.of(
        store.stats().sessions(), store.stats().checkpoints(), store.stats().payloadBytes()), "stats: sessions, checkpoints, bytes");
    for (String s : expected) {
      CheckpointRecord r = TckCheckpoints.record(s, 1, 8);
      assertEquals(List.of(r.checkpoint()), listAll(s), s);
      assertStored(r);
    }
  }

  @Test
  void sixteenThreadsOnOneSessionLoseNothingAndDuplicateNothing() throws Exception {
    // when: each round, thread t appends sequence round * 16 + t + 1, so that together they fill 1..800
    inRounds(THREADS, PER_THREAD, (t, round) -> store.append(TckCheckpoints.record(SESSION, round * THREADS + t + 1L, 32)));
    // then
    List<Checkpoint> listed = listAll(SESSION);
    assertEquals(THREADS * PER_THREAD, listed.size());
    for (int i = 0; i < listed.size(); i++) {
      assertEquals(i + 1L, listed.get(i).sequence(), "list must be complete and in sequence order");
    }
    assertEquals(THREADS * PER_THREAD, new HashSet<>(ids(listed)).size());
    assertEquals(THREADS * PER_THREAD, store.stats().checkpoints());
  }

  @Test
  void readersDuringAppendsNeverSeeADescriptorWithoutItsPayload() throws Exception {
    // given
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> appendWhileReadersRead(start, writing));
      // when
      Future<Set<CheckpointId>> reader = pool.submit(() -> readWhileWriting(start, writing));
      start.countDown();
      await(writer);
      await(reader);
    } finally {
      pool.shutdownNow();
    }
    // then
    assertEquals(READ_ALONG, listAll(SESSION).size());
    assertEquals(CheckpointType.USER_REQUESTED, store.latest(SESSION).orElseThrow().type());
  }

  private Void appendWhileReadersRead(CountDownLatch start, AtomicBoolean writing) throws InterruptedException {
    start.await();
    try {
      for (int seq = 1; seq <= READ_ALONG; seq++) {
        store.append(TckCheckpoints.record(SESSION, seq, 128));
      }
    } finally {
      writing.set(false);
    }
    return null;
  }

  private Set<CheckpointId> readWhileWriting(CountDownLatch start, AtomicBoolean writing) throws InterruptedException {
    start.await();
    Set<CheckpointId> seen = new HashSet<>();
    while (writing.get()) {
      for (Checkpoint c : listAll(SESSION)) {
        CheckpointRecord r = store.read(SESSION, c.id())
            .orElseThrow(() -> new AssertionError("listed checkpoint " + c.id() + " is not readable"));
        assertArrayEquals(TckCheckpoints.payload(c.id(), 128), r.payload(), () -> "payload of " + c.id()
            + " read while appending differs");
        seen.add(c.id());
      }
    }
    return seen;
  }
}
