package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.id;
import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The leader/follower writer: who does the I/O, how batches form, and what a failed batch does. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LeaderFollowerTest {
  private static final int THREADS = 32;
  private static final int PAYLOAD = 4500;

  @TempDir
  Path dir;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Record which threads write batches; optionally hold the first batch, fail or interrupt a chosen one. */
  static final class BatchHook implements StoreHook {
    final CountDownLatch firstWritten = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final Set<Thread> writers = ConcurrentHashMap.newKeySet();
    final AtomicInteger batches = new AtomicInteger();
    volatile boolean holdFirst;
    volatile int failBatch;
    volatile int interruptBatch;

    @Override
    public void at(Step step) throws IOException {
      if (step != Step.BATCH_WRITTEN) {
        return;
      }
      writers.add(Thread.currentThread());
      int n = batches.incrementAndGet();
      if (n == 1 && holdFirst) {
        firstWritten.countDown();
        awaitRelease();
      }
      if (n == interruptBatch) {
        Thread.currentThread().interrupt();
      }
      if (n == failBatch) {
        throw new IOException("injected failure of the force of batch " + n);
      }
    }

    private void awaitRelease() throws IOException {
      try {
        if (!release.await(90, TimeUnit.SECONDS)) {
          throw new IOException("the test never released the first batch");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while holding the first batch", e);
      }
    }
  }

  private FileCheckpointStore open(StoreHook hook) {
    return FileStores.builder(dir).hook(hook).openFileStore();
  }

  @Test
  void aLoneWriterWritesAndForcesOnItsOwnThreadOncePerAppend() {
    // given
    BatchHook hook = new BatchHook();
    try (FileCheckpointStore store = open(hook)) {
      // when
      LongStream.rangeClosed(1, 5).forEach(seq -> store.append(record("solo", seq, PAYLOAD)));

      // then
      assertEquals(Set.of(Thread.currentThread()), hook.writers);
      assertEquals(5L, stat(store, "forces"));
      assertEquals(5L, stat(store, "batches"));
    }
  }

  @Test
  void appendsQueuedDuringAForceShareTheNextForce() throws Exception {
    // given: the first append's batch is held after its write while 31 others queue
    BatchHook hook = new BatchHook();
    hook.holdFirst = true;
    try (FileCheckpointStore store = open(hook)) {
      Future<?> first = pool.submit(() -> store.append(record("s-0", 1, PAYLOAD)));
      assertTrue(hook.firstWritten.await(90, TimeUnit.SECONDS));
      List<Future<?>> rest = new ArrayList<>();
      for (int t = 1; t < THREADS; t++) {
        CheckpointRecord r = record("s-" + t, 1, PAYLOAD);
        rest.add(pool.submit(() -> store.append(r)));
      }
      awaitQueued(store, THREADS - 1);

      // when
      hook.release.countDown();
      first.get(90, TimeUnit.SECONDS);
      for (Future<?> f : rest) {
        f.get(90, TimeUnit.SECONDS);
      }

      // then
      assertEquals((long) THREADS, stat(store, "appends"));
      assertEquals(2L, stat(store, "forces"), "one force for the first append, one for the 31 queued behind it");
      assertEquals(2L, stat(store, "batches"));
    }
  }

  @Test
  void aFailedForceFailsEveryAppendOfItsBatchAndTheBatchIsCutOffBeforeTheNextOne() throws Exception {
    // given: 31 appends queue behind a held first batch, and the force of their batch will fail
    BatchHook hook = new BatchHook();
    hook.holdFirst = true;
    hook.failBatch = 2;
    CheckpointRecord kept = record("s-0", 1, PAYLOAD);
    List<CheckpointRecord> doomed = new ArrayList<>();
    for (int t = 1; t < THREADS; t++) {
      doomed.add(record("s-" + t, 1, PAYLOAD));
    }
    FileCheckpointStore store = open(hook);
    Future<?> first = pool.submit(() -> store.append(kept));
    assertTrue(hook.firstWritten.await(90, TimeUnit.SECONDS));
    List<Future<?>> rest = new ArrayList<>();
    doomed.forEach(r -> rest.add(pool.submit(() -> store.append(r))));
    awaitQueued(store, THREADS - 1);

    // when
    hook.release.countDown();
    first.get(90, TimeUnit.SECONDS);
    List<Throwable> failures = new ArrayList<>();
    for (Future<?> f : rest) {
      failures.add(assertThrows(ExecutionException.class, () -> f.get(90, TimeUnit.SECONDS)).getCause());
    }

    // then: every append of the failed batch failed and none is visible
    failures.forEach(e -> assertInstanceOf(StoreException.class, e));
    assertEquals(1L, stat(store, "failedBatches"));
    doomed.forEach(r -> assertEquals(Optional.empty(), read(store, r)));
    // and: the failed batch was cut off (durably) before anything else was written
    assertEquals(Format.FILE_HEADER_SIZE + length(kept), Files.size(dir.resolve(SegmentFiles.name(1))));
    // and: retried, they take the place of the failed batch in the same segment
    List<Future<?>> retries = new ArrayList<>();
    doomed.forEach(r -> retries.add(pool.submit(() -> store.append(r))));
    for (Future<?> f : retries) {
      f.get(90, TimeUnit.SECONDS);
    }
    assertEquals(1L, stat(store, "segments"));
    store.close();
    assertEquals(THREADS, SegmentScanner.recordStarts(dir.resolve(SegmentFiles.name(1))).size());
    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertEquals(Optional.of(kept), read(reopened, kept));
      doomed.forEach(r -> assertEquals(Optional.of(r), read(reopened, r)));
      assertEquals((long) THREADS, reopened.stats().checkpoints());
      assertEquals(0L, stat(reopened, "replayConflicts"));
      assertEquals(0L, reopened.stats().corruptions());
    }
  }

  @Test
  void aForceFailingUnderContentionLosesNoAcknowledgedAppendAndDuplicatesNone() throws Exception {
    // given: 32 writers of 20 appends each; the 7th batch's force fails, and a failed append is retried once
    BatchHook hook = new BatchHook();
    hook.failBatch = 7;
    int perThread = 20;
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    try (FileCheckpointStore store = open(hook)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String session = "s-" + t;
        futures.add(pool.submit(() -> {
          start.await();
          for (long seq = 1; seq <= perThread; seq++) {
            CheckpointRecord r = record(session, seq, PAYLOAD);
            try {
              store.append(r);
            } catch (StoreException e) {
              failed.incrementAndGet();
              store.append(r);
            }
          }
          return null;
        }));
      }

      // when
      start.countDown();
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }

      // then
      assertTrue(failed.get() >= 1, "the failed batch held at least one append");
      assertEquals(1L, stat(store, "failedBatches"));
      assertEquals((long) THREADS * perThread, stat(store, "appends"));
    }
    assertEverySessionHolds(THREADS, LongStream.rangeClosed(1, perThread).boxed().toList());
  }

  @Test
  void leadershipChangesHandsUnderContentionWithoutLosingOrDuplicatingAnything() throws Exception {
    // given: 32 writers append 40 checkpoints each and delete every tenth one, with small segments so
    // that rolls and space reclamation run while leadership passes between the callers
    BatchHook hook = new BatchHook();
    int perThread = 40;
    Set<Thread> callers = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    try (FileCheckpointStore store = FileStores.builder(dir).segmentBytes(64 << 10).hook(hook).openFileStore()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String session = "s-" + t;
        futures.add(pool.submit(() -> {
          callers.add(Thread.currentThread());
          start.await();
          for (long seq = 1; seq <= perThread; seq++) {
            CheckpointRecord r = record(session, seq, PAYLOAD);
            store.append(r);
            assertEquals(Optional.of(r), read(store, r));
            if (seq % 10 == 0) {
              assertEquals(1, store.delete(session, List.of(id(session, seq - 9))));
            }
          }
          return null;
        }));
      }

      // when
      start.countDown();
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }

      // then
      assertTrue(callers.containsAll(hook.writers), "every batch was written by a caller's thread");
      assertTrue(stat(store, "forces") < stat(store, "appends") + THREADS * 4L, "deletes and appends share forces");
      assertEquals((long) THREADS * (perThread - 4), store.stats().checkpoints());
    }
    assertEverySessionHolds(THREADS, LongStream.rangeClosed(1, perThread).filter(seq -> seq % 10 != 1).boxed()
        .toList());
  }

  @Test
  void anInterruptedCallerAppendsDurablyAndKeepsItsInterruptStatus() {
    // given
    CheckpointRecord r = record("s", 1, PAYLOAD);
    try (FileCheckpointStore store = open(StoreHook.NONE)) {
      // when
      Thread.currentThread().interrupt();
      store.append(r);

      // then
      assertTrue(Thread.interrupted(), "the interrupt status is kept");
      assertEquals(Optional.of(r), read(store, r));
    }
    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertEquals(Optional.of(r), read(reopened, r));
    }
  }

  @Test
  void aFollowerInterruptedWhileWaitingStillGetsItsDurableAcknowledgement() throws Exception {
    // given: a follower queues behind a held batch
    BatchHook hook = new BatchHook();
    hook.holdFirst = true;
    CheckpointRecord r = record("follower", 1, PAYLOAD);
    AtomicReference<Thread> followerThread = new AtomicReference<>();
    boolean stillInterrupted;
    try (FileCheckpointStore store = open(hook)) {
      Future<?> first = pool.submit(() -> store.append(record("leader", 1, PAYLOAD)));
      assertTrue(hook.firstWritten.await(90, TimeUnit.SECONDS));
      Future<Boolean> follower = pool.submit(() -> {
        followerThread.set(Thread.currentThread());
        store.append(r);
        return Thread.currentThread().isInterrupted();
      });
      awaitQueued(store, 1);

      // when
      followerThread.get().interrupt();
      hook.release.countDown();
      first.get(90, TimeUnit.SECONDS);
      stillInterrupted = follower.get(90, TimeUnit.SECONDS);
    }

    // then
    assertTrue(stillInterrupted, "the follower keeps its interrupt status");
    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertEquals(Optional.of(r), read(reopened, r));
    }
  }

  @Test
  void anInterruptOfTheLeaderDuringItsBatchFailsNothingAndKeepsItsInterruptStatus() throws IOException {
    // given
    BatchHook hook = new BatchHook();
    CheckpointRecord kept = record("s", 1, PAYLOAD);
    CheckpointRecord interrupted = record("s", 2, PAYLOAD);
    CheckpointRecord later = record("s", 3, PAYLOAD);
    try (FileCheckpointStore store = open(hook)) {
      store.append(kept);

      // when: the leader is interrupted between the write of its batch and the force
      hook.interruptBatch = 2;
      store.append(interrupted);

      // then: the force ran anyway (the writer's channel is never closed by it) and the status is kept
      assertTrue(Thread.interrupted(), "the interrupt status is kept");
      assertEquals(Optional.of(kept), read(store, kept));
      assertEquals(Optional.of(interrupted), read(store, interrupted));
      store.append(later);
      assertEquals(0L, stat(store, "failedBatches"));
    }
    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertEquals(Optional.of(kept), read(reopened, kept));
      assertEquals(Optional.of(interrupted), read(reopened, interrupted));
      assertEquals(Optional.of(later), read(reopened, later));
      assertEquals(0L, reopened.stats().corruptions());
    }
  }

  @Test
  void closingWhileWritersAppendKeepsExactlyTheAcknowledgedAppends() throws Exception {
    // given
    int writers = 8;
    AtomicInteger acknowledged = new AtomicInteger();
    List<List<Long>> acked = new ArrayList<>();
    CheckpointStore store = FileStores.open(dir);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      String session = "s-" + t;
      List<Long> mine = new ArrayList<>();
      acked.add(mine);
      futures.add(pool.submit(() -> {
        for (long seq = 1; ; seq++) {
          try {
            store.append(record(session, seq, PAYLOAD));
          } catch (ClosedException e) {
            return null;
          }
          mine.add(seq);
          acknowledged.incrementAndGet();
        }
      }));
    }
    while (acknowledged.get() < 50) {
      Thread.yield();
    }

    // when
    store.close();
    for (Future<?> f : futures) {
      f.get(90, TimeUnit.SECONDS);
    }

    // then
    try (CheckpointStore reopened = FileStores.open(dir)) {
      for (int t = 0; t < writers; t++) {
        assertEquals(acked.get(t), sequences(reopened, "s-" + t), "s-" + t);
      }
    }
  }

  private void assertEverySessionHolds(int sessions, List<Long> expected) {
    try (CheckpointStore reopened = FileStores.open(dir)) {
      for (int t = 0; t < sessions; t++) {
        assertEquals(expected, sequences(reopened, "s-" + t), "s-" + t);
      }
      assertEquals((long) sessions * expected.size(), reopened.stats().checkpoints());
      assertEquals(0L, stat(reopened, "replayConflicts"));
      assertEquals(0L, reopened.stats().corruptions());
    }
  }

  private static List<Long> sequences(CheckpointStore store, String session) {
    return store.list(session, CheckpointQuery.all()).stream().map(Checkpoint::sequence).sorted().toList();
  }

  private static void awaitQueued(FileCheckpointStore store, int n) {
    while (store.queuedWrites() != n) {
      Thread.yield();
    }
  }

  private static Optional<CheckpointRecord> read(CheckpointStore store, CheckpointRecord r) {
    return store.read(r.checkpoint().sessionId(), r.checkpoint().id());
  }

  private static long stat(CheckpointStore store, String name) {
    return store.stats().extra().get(name);
  }

  private static long length(CheckpointRecord r) {
    return Format.RECORD_HEADER_SIZE + Codec.checkpoint(r.checkpoint()).length + r.payloadLength();
  }
}
