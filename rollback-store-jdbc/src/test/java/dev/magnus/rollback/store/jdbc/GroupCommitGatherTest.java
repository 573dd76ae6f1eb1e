package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.tck.TckCheckpoints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a batch of several appends, the next writer waits for most of their callers to come back before
 * it takes a batch (so batches do not alternate between one append and the rest); the wait is bounded,
 * ends early on an interrupt that stays set, and never happens after a batch of one. No database: the
 * writer records the batch sizes it is given.
 */
class GroupCommitGatherTest {
  /** The write time of the held batch; half of it bounds the next writer's wait. */
  private static final long HOLD_MILLIS = 1_000;
  private final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
  private final CountDownLatch releaseFirst = new CountDownLatch(1);
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final GroupCommit commit = new GroupCommit(1, 128, 1L << 20, TimeUnit.SECONDS.toNanos(30), this::write);
  private int serial;

  @AfterEach
  void stop() {
    releaseFirst.countDown();
    pool.shutdownNow();
  }

  @Test
  void afterABatchOfEightTheNextWriterWaitsForSixAppendsAndWritesThemTogether() throws Exception {
    // given: a batch of eight, written in HOLD_MILLIS
    batchOfOneThenEight();
    // when: one caller comes back alone, then five more
    CountDownLatch go = new CountDownLatch(1);
    Future<AppendOutcome> first = pool.submit(() -> submit("back-0"));
    awaitQueued(1);
    List<Future<AppendOutcome>> rest = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String session = "back-" + i;
      rest.add(pool.submit(() -> {
        go.await();
        return submit(session);
      }));
    }
    go.countDown();
    // then
    assertStored(first);
    for (Future<AppendOutcome> f : rest) {
      assertStored(f);
    }
    assertEquals(List.of(1, 8, 6), sizes, "the six came back within the wait and were written as one batch");
    assertEquals(1, commit.gathers());
  }

  @Test
  void aWriterWhoseCompanionsNeverComeWritesAloneOnceTheWaitIsOver() throws Exception {
    // given
    batchOfOneThenEight();
    // when
    assertStored(pool.submit(() -> submit("alone")));
    // then
    assertEquals(List.of(1, 8, 1), sizes);
    assertEquals(1, commit.gathers());
  }

  @Test
  void anInterruptEndsTheWaitAndStaysSet() throws Exception {
    // given
    batchOfOneThenEight();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    // when: the caller is interrupted before it submits, so its wait ends at once
    Future<AppendOutcome> interrupted = pool.submit(() -> {
      Thread.currentThread().interrupt();
      AppendOutcome outcome = submit("interrupted");
      stillInterrupted.set(Thread.interrupted());
      return outcome;
    });
    // then
    assertStored(interrupted);
    assertTrue(stillInterrupted.get(), "the caller's interrupt flag is kept");
    assertEquals(List.of(1, 8, 1), sizes);
  }

  @Test
  void afterABatchOfOneOrTwoNobodyWaits() throws Exception {
    // given: a batch of one, then a batch of two (three quarters of two rounds down to one)
    releaseFirst.countDown();
    assertStored(pool.submit(() -> submit("a")));
    CountDownLatch both = new CountDownLatch(1);
    Future<AppendOutcome> b = pool.submit(() -> {
      both.await();
      return submit("b");
    });
    Future<AppendOutcome> c = pool.submit(() -> {
      both.await();
      return submit("c");
    });
    both.countDown();
    assertStored(b);
    assertStored(c);
    // when: callers come one at a time
    for (String session : List.of("d", "e", "f")) {
      assertStored(pool.submit(() -> submit(session)));
    }
    // then
    assertEquals(0, commit.gathers(), "no writer waited; batch sizes " + sizes);
  }

  /** A batch of one held until eight more callers queue, then those eight written together. */
  private void batchOfOneThenEight() throws Exception {
    Future<AppendOutcome> first = pool.submit(() -> submit("first"));
    assertTrue(firstWriteStarted.await(10, TimeUnit.SECONDS));
    List<Future<AppendOutcome>> eight = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String session = "eight-" + i;
      eight.add(pool.submit(() -> submit(session)));
    }
    awaitQueued(8);
    releaseFirst.countDown();
    assertStored(first);
    for (Future<AppendOutcome> f : eight) {
      assertStored(f);
    }
    assertEquals(List.of(1, 8), sizes);
  }

  private List<AppendOutcome> write(List<PendingAppend> batch) {
    sizes.add(batch.size());
    if (sizes.size() == 1) {
      firstWriteStarted.countDown();
      try {
        releaseFirst.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (sizes.size() == 2) {
      sleepUninterruptibly(HOLD_MILLIS);
    }
    return Collections.nCopies(batch.size(), new AppendOutcome.Stored(0));
  }

  private AppendOutcome submit(String session) {
    var record = TckCheckpoints.record(session, 1, 8);
    return commit.submit(commit.pending(record.checkpoint(), record.payload(), new String[0]));
  }

  private void awaitQueued(int n) throws InterruptedException {
    for (int i = 0; i < 1_000 && commit.queued() < n; i++) {
      Thread.sleep(10);
    }
    assertEquals(n, commit.queued(), "callers queued");
  }

  private static void assertStored(Future<AppendOutcome> f) throws Exception {
    assertEquals(new AppendOutcome.Stored(0), f.get(30, TimeUnit.SECONDS));
  }

  private static void sleepUninterruptibly(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
