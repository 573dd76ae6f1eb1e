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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Check that concurrent appends lose nothing and duplicate nothing; invariants, never timings.
 *
 * <p>Writers start each round together at a {@link CyclicBarrier}, so their calls collide many times
 * over: an index kept in an unsynchronized map or list (a plain {@code HashMap} or {@code ArrayList})
 * loses entries, or its size, in a run of these cases with near certainty, even on two cores.
 */
abstract class ConcurrencyCases extends StoreCases {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 50;
  /** The session-creating case: threads, rounds, and new sessions per thread and round. */
  private static final int CREATORS = 8;
  private static final int CREATE_ROUNDS = 40;
  private static final int CREATED_PER_ROUND = 5;
  private static final int READ_ALONG = 400;

  /** The work of one thread in one round. */
  @FunctionalInterface
  interface RoundWork {
    void run(int thread, int round) throws Exception;
  }

  /** Run {@code rounds} rounds of {@code work} on {@code threads} threads, each round started at a barrier. */
  static void inRounds(int threads, int rounds, RoundWork work) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int round = 0; round < rounds; round++) {
            barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
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

  @Test
  void threadsCreatingSessionsAtOnceLoseNone() throws Exception {
    // when: each round, every thread creates new sessions at the same moment
    inRounds(CREATORS, CREATE_ROUNDS, (t, round) -> {
      for (int k = 0; k < CREATED_PER_ROUND; k++) {
        store.append(TckCheckpoints.record(created(t, round, k), 1, 8));
      }
    });
    // then
    assertSessionsHoldOneCheckpointEach(everyCreatedSession());
  }

  private static Set<String> everyCreatedSession() {
    Set<String> expected = new TreeSet<>();
    for (int round = 0; round < CREATE_ROUNDS; round++) {
      for (int t = 0; t < CREATORS; t++) {
        for (int k = 0; k < CREATED_PER_ROUND; k++) {
          expected.add(created(t, round, k));
        }
      }
    }
    return expected;
  }

  private static String created(int thread, int round, int k) {
    return "created-" + round + "-" + thread + "-" + k;
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
