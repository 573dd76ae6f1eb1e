package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Check that interrupting a caller never breaks the store: a call made while the caller's interrupt
 * flag is set may fail (never with ClosedException) or succeed (then the flag is still set), and
 * afterwards the same thread, once it cleared the flag, and every other thread use the store as
 * before, with every acknowledged append intact. A store built on {@code FileChannel} must not let
 * one interrupted caller close the channel everyone shares.
 */
abstract class InterruptCases extends StoreCases {
  private static final int WORKERS = 3;
  private static final int OPERATIONS = 150;

  @Test
  void everyMethodCalledWithTheInterruptFlagSetLeavesTheStoreWorking() throws Exception {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 256);
    appendSequences(OTHER, 2, 256);
    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("append", () -> store.append(TckCheckpoints.record(SESSION, 4, 256)));
    calls.put("read", () -> store.read(SESSION, records.get(0).checkpoint().id()));
    calls.put("list", () -> store.list(SESSION, CheckpointQuery.all()));
    calls.put("latest", () -> store.latest(SESSION));
    calls.put("appendThenDelete", () -> store.appendThenDelete(TckCheckpoints.record(SESSION, 5, 256),
        List.of(records.get(1).checkpoint().id())));
    calls.put("delete", () -> store.delete(SESSION, List.of(records.get(2).checkpoint().id())));
    calls.put("deleteSession", () -> store.deleteSession(OTHER));
    calls.put("sessions", () -> store.sessions());
    calls.put("stats", () -> store.stats());
    // when
    calls.forEach(this::callInterrupted);
    // then
    assertTheStoreWorksForThisAndAnotherThread(records.get(0));
  }

  private void callInterrupted(String name, Runnable call) {
    Thread.currentThread().interrupt();
    boolean stillSet;
    try {
      call.run();
      stillSet = Thread.currentThread().isInterrupted();
    } catch (ClosedException e) {
      throw new AssertionError(name + " called with the interrupt flag set closed the store", e);
    } catch (RuntimeException refused) {
      stillSet = true; // an interrupted call may fail; the flag may be consumed by the failure
    } finally {
      Thread.interrupted();
    }
    assertTrue(stillSet, name + " returned normally but cleared the caller's interrupt flag: restore it");
  }

  private void assertTheStoreWorksForThisAndAnotherThread(CheckpointRecord kept) throws Exception {
    assertStored(kept);
    CheckpointRecord mine = TckCheckpoints.record("after-interrupts-1", 1, 256);
    store.append(mine);
    assertStored(mine);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      await(other.submit(() -> {
        CheckpointRecord theirs = TckCheckpoints.record("after-interrupts-2", 1, 256);
        store.append(theirs);
        assertStored(theirs);
        assertStored(kept);
        return null;
      }));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void interruptsLandingDuringCallsLeaveTheStoreWorkingForEveryThread() throws Exception {
    // given
    Map<CheckpointRecord, Boolean> attempts = new ConcurrentHashMap<>();
    List<Target> targets = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread interrupter = new Thread(() -> interruptWhile(running, targets), "tck-interrupter");
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<CheckpointRecord>> workers = new ArrayList<>();
    try {
      interrupter.start();
      // when
      for (int w = 0; w < WORKERS; w++) {
        String session = "interrupted-" + w;
        workers.add(pool.submit(() -> work(session, attempts, targets)));
      }
      for (Future<CheckpointRecord> f : workers) {
        await(f);
      }
    } finally {
      running.set(false);
      interrupter.join();
      pool.shutdownNow();
    }
    // then
    assertAcknowledgedAppendsAreIntact(attempts);
    assertTheStoreWorksForThisAndAnotherThread(await(workers.get(0)));
  }

  /** A worker thread the interrupter may interrupt until the worker stops it. */
  private static final class Target {
    private final Thread thread = Thread.currentThread();
    private boolean active = true;

    synchronized void interrupt() {
      if (active) {
        thread.interrupt();
      }
    }

    /** Called by the worker itself: no interrupt lands after this, and the flag is cleared. */
    synchronized void stop() {
      active = false;
      Thread.interrupted();
    }
  }

  private static void interruptWhile(AtomicBoolean running, List<Target> targets) {
    while (running.get()) {
      targets.forEach(Target::interrupt);
      LockSupport.parkNanos(20_000);
    }
  }

  /** Append, read and list in a loop while being interrupted; then, flag cleared, append without failing. */
  private CheckpointRecord work(String session, Map<CheckpointRecord, Boolean> attempts, List<Target> targets) {
    Target me = new Target();
    targets.add(me);
    for (int seq = 1; seq <= OPERATIONS; seq++) {
      CheckpointRecord r = TckCheckpoints.record(session, seq, 4096);
      attempts.put(r, false);
      try {
        store.append(r);
        attempts.put(r, true);
        store.read(session, r.checkpoint().id());
        store.list(session, CheckpointQuery.all().newestFirst().limit(3));
      } catch (ClosedException e) {
        throw new AssertionError("an interrupt closed the store", e);
      } catch (RuntimeException interrupted) {
        Thread.interrupted();
      }
    }
    me.stop();
    CheckpointRecord clean = TckCheckpoints.record(session, OPERATIONS + 1L, 4096);
    store.append(clean);
    attempts.put(clean, true);
    assertStored(clean);
    return clean;
  }

  private void assertAcknowledgedAppendsAreIntact(Map<CheckpointRecord, Boolean> attempts) {
    attempts.forEach((r, acknowledged) -> {
      boolean present = store.read(r.checkpoint().sessionId(), r.checkpoint().id()).isPresent();
      if (acknowledged || present) {
        assertStored(r);
      }
    });
    long listed = 0;
    for (int w = 0; w < WORKERS; w++) {
      listed += listAll("interrupted-" + w).size();
    }
    assertEquals(store.stats().checkpoints(), listed, "every checkpoint the stats count is listed");
  }
}
