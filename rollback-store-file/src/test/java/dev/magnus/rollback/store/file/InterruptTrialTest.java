package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupt some callers of a shared store thousands of times while others append and read, then reopen it
 * (DESIGN.md section 7: "Interrupting one caller never breaks the store for others"; a failed append never
 * resurfaces).
 *
 * <p>Eight writers append 1, 2, 3, ... to one session each, as the engine does: a failed append is retried
 * with the same sequence and a new id. Two writers and two of the four readers are interrupted again and
 * again by two interrupter threads. An interrupted caller's call may fail, with its interrupt flag still
 * set; nobody else's may, and after the reopen every acknowledged checkpoint is served exactly as
 * acknowledged. The number of interrupts of writers is 5,000, or more with the system property
 * {@code rollback.trials} (5,000 x trials / 150).
 */
class InterruptTrialTest {
  private static final int WRITERS = 8;
  private static final int INTERRUPTED_WRITERS = 2;
  private static final int READERS = 4;
  private static final int INTERRUPTED_READERS = 2;
  private static final int INTERRUPTS = Math.max(5_000, Integer.getInteger("rollback.trials", 150) * (5_000 / 150));

  @TempDir
  Path dir;

  /** Violations by kind: how many, and the first few messages of each kind. */
  private final Map<String, AtomicLong> violationCounts = new ConcurrentSkipListMap<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private volatile boolean stop;

  /** What one writer's session saw. */
  private static final class Writer {
    final int index;
    final String session;
    final boolean interrupted;
    final Map<Long, CheckpointRecord> acked = new ConcurrentHashMap<>();
    final Set<CheckpointId> failed = ConcurrentHashMap.newKeySet();
    final AtomicLong lastAcked = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    Thread thread;

    Writer(int index) {
      this.index = index;
      this.session = "w" + index;
      this.interrupted = index < INTERRUPTED_WRITERS;
    }
  }

  /** What one reader saw. */
  private static final class Reader {
    final int index;
    final boolean interrupted;
    final AtomicLong reads = new AtomicLong();
    final AtomicLong failedReads = new AtomicLong();
    Thread thread;

    Reader(int index) {
      this.index = index;
      this.interrupted = index >= READERS - INTERRUPTED_READERS;
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void interruptedCallersNeverFailOthersAndEveryAcknowledgedCheckpointSurvivesReopen() throws Exception {
    // given
    List<Writer> writers = new ArrayList<>();
    List<Reader> readers = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      writers.add(new Writer(i));
    }
    for (int i = 0; i < READERS; i++) {
      readers.add(new Reader(i));
    }
    AtomicLong writerInterrupts = new AtomicLong();
    AtomicLong readerInterrupts = new AtomicLong();

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      for (Writer w : writers) {
        w.thread = new Thread(() -> write(store, w), "writer-" + w.index);
      }
      for (Reader r : readers) {
        r.thread = new Thread(() -> read(store, r, writers), "reader-" + r.index);
      }
      List<Thread> interrupters = new ArrayList<>();
      for (int k = 0; k < INTERRUPTED_WRITERS; k++) {
        Writer target = writers.get(k);
        Reader reader = readers.get(READERS - INTERRUPTED_READERS + k);
        long seed = k;
        interrupters.add(new Thread(() -> interrupt(target, reader, INTERRUPTS / INTERRUPTED_WRITERS, seed,
            writerInterrupts, readerInterrupts), "interrupter-" + k));
      }
      writers.forEach(w -> w.thread.start());
      readers.forEach(r -> r.thread.start());
      interrupters.forEach(Thread::start);
      for (Thread t : interrupters) {
        t.join();
      }
      stop = true;
      for (Writer w : writers) {
        joinBounded(w.thread);
      }
      for (Reader r : readers) {
        joinBounded(r.thread);
      }
    }
    String figures = figures(writers, readers, writerInterrupts.get(), readerInterrupts.get());
    System.out.println(figures);

    // then
    try (CheckpointStore again = FileStores.open(dir)) {
      for (Writer w : writers) {
        checkReopened(again, w);
      }
      Long conflicts = again.stats().extra().get("replayConflicts");
      if (conflicts != null && conflicts != 0) {
        violation("replayConflicts after reopen", "replayConflicts after reopen = " + conflicts);
      }
      System.out.println("after reopen: " + again.stats());
    }
    List<String> first = List.copyOf(violations);
    System.out.println("violations: " + violationCounts);
    assertTrue(first.isEmpty(), "violations " + violationCounts + "; " + figures + "; first of each kind:\n  "
        + String.join("\n  ", first));
  }

  /**
   * Regression: a read on an interrupted thread closed the shared FileChannel, and the next append, by
   * another thread, failed with ClosedChannelException.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void readOnAnInterruptedThreadDoesNotFailTheNextAppendOfAnotherThread() throws Exception {
    CheckpointRecord first = Fixtures.record("s", 1, 300);
    CheckpointRecord second = Fixtures.record("s", 2, 300);
    CheckpointRecord third = Fixtures.record("s", 3, 300);
    ExecutorService interruptedThread = Executors.newSingleThreadExecutor();
    try (CheckpointStore store = FileStores.open(dir)) {
      // given
      store.append(first);

      // when: an interrupted thread reads
      Object[] outcome = interruptedThread.submit(() -> {
        Thread.currentThread().interrupt();
        Object result;
        try {
          result = store.read("s", first.checkpoint().id());
        } catch (RuntimeException e) {
          result = e;
        }
        return new Object[] {result, Thread.interrupted()};
      }).get(1, TimeUnit.MINUTES);

      // then: another thread's append and read work
      store.append(second);
      assertEquals(Optional.of(first), store.read("s", first.checkpoint().id()));
      assertEquals(Optional.of(second), store.read("s", second.checkpoint().id()));
      // the interrupted read either worked or failed with a StoreException, and kept the flag set
      if (!(outcome[0] instanceof Optional)) {
        assertInstanceOf(StoreException.class, outcome[0], "the interrupted read failed with " + outcome[0]);
      } else {
        assertEquals(Optional.of(first), outcome[0]);
      }
      assertEquals(Boolean.TRUE, outcome[1], "the interrupted read must leave the interrupt flag set");
      // and the store keeps working for the interrupted thread once its flag is cleared
      Object later = interruptedThread.submit(() -> {
        store.append(third);
        return store.read("s", first.checkpoint().id());
      }).get(1, TimeUnit.MINUTES);
      assertEquals(Optional.of(first), later);
    } finally {
      interruptedThread.shutdownNow();
    }
    try (CheckpointStore again = FileStores.open(dir)) {
      assertEquals(List.of(first.checkpoint(), second.checkpoint(), third.checkpoint()),
          again.list("s", CheckpointQuery.all()));
    }
  }

  private void write(CheckpointStore store, Writer w) {
    SplittableRandom random = new SplittableRandom(w.index);
    long seq = 1;
    int attempt = 0;
    while (!stop) {
      if (attempt(store, w, seq, attempt, random)) {
        seq++;
        attempt = 0;
      } else {
        attempt++;
      }
    }
    // The interrupters are done: the store must work for this thread again, whatever happened before.
    Thread.interrupted();
    if (!attempt(store, w, seq, attempt, random)) {
      violation("append after the interrupts stopped failed", "writer " + w.index + ": append after the interrupts stopped (flag cleared) failed");
    }
  }

  /** Append (session, seq) under a new id; return whether it was acknowledged. */
  private boolean attempt(CheckpointStore store, Writer w, long seq, int attempt, SplittableRandom random) {
    CheckpointId id = CheckpointId.of(w.session + "-" + seq + "-a" + attempt);
    byte[] payload = new byte[random.nextInt(2_000)];
    random.nextBytes(payload);
    CheckpointRecord record = BlackBoxFiles.withPayload(Fixtures.record(w.session, seq, 0), id, payload);
    boolean flagBefore = Thread.currentThread().isInterrupted();
    try {
      store.append(record);
      w.acked.put(seq, record);
      w.lastAcked.set(seq);
      if (flagBefore && !Thread.currentThread().isInterrupted()) {
        violation("interrupt flag swallowed", "writer " + w.index + ": append of " + id + " succeeded but cleared the interrupt flag");
      }
      return true;
    } catch (CheckpointConflictException e) {
      w.failed.add(id);
      violation("failed append took effect (retry conflicts)", "writer " + w.index + ": retry " + id + " conflicts, so an earlier FAILED attempt of sequence "
          + seq + " took effect: " + e.getMessage());
      Thread.interrupted();
      return false;
    } catch (StoreException e) {
      w.failed.add(id);
      if (!w.interrupted) {
        violation("append failed on a never-interrupted writer", "writer " + w.index + " (never interrupted): append of " + id + " FAILED: " + e.getMessage());
      } else if (!Thread.currentThread().isInterrupted()) {
        violation("failed call left the interrupt flag clear", "writer " + w.index + ": failed append of " + id + " left the interrupt flag CLEAR: "
            + e.getMessage());
      }
      Thread.interrupted();
      return false;
    } catch (RuntimeException e) {
      w.failed.add(id);
      violation("unexpected exception", "writer " + w.index + ": append of " + id + " threw " + e);
      Thread.interrupted();
      return false;
    } finally {
      w.calls.incrementAndGet();
    }
  }

  private void read(CheckpointStore store, Reader r, List<Writer> writers) {
    SplittableRandom random = new SplittableRandom(100 + r.index);
    while (!stop) {
      Writer w = writers.get(random.nextInt(writers.size()));
      long last = w.lastAcked.get();
      // Readers pace themselves so that they do not starve the writers of the two cores.
      LockSupport.parkNanos(100_000 + random.nextLong(200_000));
      if (last == 0) {
        continue;
      }
      CheckpointRecord want = w.acked.get(1 + random.nextLong(last));
      boolean flagBefore = Thread.currentThread().isInterrupted();
      try {
        Optional<CheckpointRecord> got = store.read(w.session, want.checkpoint().id());
        r.reads.incrementAndGet();
        if (!got.equals(Optional.of(want))) {
          violation("read served a wrong record", "reader " + r.index + ": read " + want.checkpoint().id() + " served " + got);
        }
        if (flagBefore && !Thread.currentThread().isInterrupted()) {
          violation("interrupt flag swallowed", "reader " + r.index + ": read succeeded but cleared the interrupt flag");
        }
      } catch (StoreException e) {
        r.failedReads.incrementAndGet();
        if (!r.interrupted) {
          violation("read failed on a never-interrupted reader", "reader " + r.index + " (never interrupted): read FAILED: " + e.getMessage());
        } else if (!Thread.currentThread().isInterrupted()) {
          violation("failed call left the interrupt flag clear", "reader " + r.index + ": failed read left the interrupt flag CLEAR: " + e.getMessage());
        }
      } catch (RuntimeException e) {
        r.failedReads.incrementAndGet();
        violation("unexpected exception", "reader " + r.index + ": read threw " + e);
      }
      Thread.interrupted();
    }
  }

  /** Interrupt the writer {@code n} times, each time once it made a call since; its reader every other time. */
  private static void interrupt(Writer target, Reader reader, int n, long seed, AtomicLong writerInterrupts,
      AtomicLong readerInterrupts) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n && target.thread.isAlive(); i++) {
      long calls = target.calls.get();
      target.thread.interrupt();
      writerInterrupts.incrementAndGet();
      if (random.nextBoolean()) {
        reader.thread.interrupt();
        readerInterrupts.incrementAndGet();
      }
      // Let the writer get into its next call (bounded), then land the next interrupt somewhere inside it.
      for (int spin = 0; spin < 200 && target.calls.get() == calls && target.thread.isAlive(); spin++) {
        LockSupport.parkNanos(50_000);
      }
      LockSupport.parkNanos(random.nextLong(500_000));
    }
  }

  private void checkReopened(CheckpointStore store, Writer w) {
    List<Checkpoint> listed = store.list(w.session, CheckpointQuery.all());
    for (Checkpoint c : listed) {
      CheckpointRecord want = w.acked.get(c.sequence());
      String failed = w.failed.contains(c.id()) ? " (a FAILED attempt resurfaced)" : "";
      if (want == null) {
        violation("after reopen: a sequence never acknowledged is served", "reopened " + w.session + " lists sequence " + c.sequence() + " as " + c.id()
            + ", never acknowledged" + failed);
      } else if (!want.checkpoint().equals(c)) {
        violation("after reopen: a sequence is served as another id than acknowledged", "reopened " + w.session + " lists sequence " + c.sequence() + " as " + c.id()
            + ", acknowledged as " + want.checkpoint().id() + failed);
      }
    }
    w.acked.forEach((seq, want) -> {
      Optional<CheckpointRecord> got;
      try {
        got = store.read(w.session, want.checkpoint().id());
      } catch (RuntimeException e) {
        violation("after reopen: an acknowledged checkpoint is not served exactly", "reopened " + w.session + ": read of acknowledged " + want + " threw " + e);
        return;
      }
      if (!got.equals(Optional.of(want))) {
        violation("after reopen: an acknowledged checkpoint is not served exactly", "reopened " + w.session + ": acknowledged " + want + " served as " + got);
      }
    });
    for (CheckpointId id : w.failed) {
      if (store.read(w.session, id).isPresent()) {
        violation("after reopen: a failed append resurfaced", "reopened " + w.session + ": FAILED append " + id + " resurfaced");
      }
    }
  }

  private String figures(List<Writer> writers, List<Reader> readers, long writerInterrupts, long readerInterrupts) {
    StringBuilder b = new StringBuilder(String.format("%d writer and %d reader interrupts; writers (acked/failed):",
        writerInterrupts, readerInterrupts));
    for (Writer w : writers) {
      b.append(' ').append(w.session).append(w.interrupted ? "*" : "").append('=').append(w.acked.size()).append('/')
          .append(w.failed.size());
    }
    b.append("; readers (reads/failed):");
    for (Reader r : readers) {
      b.append(" r").append(r.index).append(r.interrupted ? "*" : "").append('=').append(r.reads.get()).append('/')
          .append(r.failedReads.get());
    }
    return b.append(" (* = interrupted)").toString();
  }

  /** Count a violation of a kind; keep the first 3 messages of each kind. */
  private void violation(String kind, String message) {
    if (violationCounts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet() <= 3) {
      violations.add(kind + ": " + message);
    }
  }

  private void joinBounded(Thread t) throws InterruptedException {
    t.join(TimeUnit.MINUTES.toMillis(2));
    if (t.isAlive()) {
      StringBuilder stack = new StringBuilder();
      for (StackTraceElement e : t.getStackTrace()) {
        stack.append("\n    at ").append(e);
      }
      violation("a thread hangs", t.getName() + " still runs 2 minutes after the interrupts stopped:" + stack);
      stop = true;
    }
  }
}
