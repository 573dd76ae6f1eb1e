package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreStats;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Check the compare-and-set: a second record with the same (session, sequence) or id is rejected. */
abstract class ConflictCases extends StoreCases {
  private static final int RACE_ROUNDS = 25;

  private static CheckpointRecord withId(String id, String sessionId, long sequence, int size) {
    return TckCheckpoints.record(TckCheckpoints.checkpoint(CheckpointId.of(id), sessionId, sequence,
        CheckpointType.USER_REQUESTED, size));
  }

  @Test
  void aSecondRecordWithTheSameSequenceIsRejectedAndTheFirstKept() {
    // given
    CheckpointRecord first = withId("first", SESSION, 1, 8);
    store.append(first);
    // when
    assertThrows(CheckpointConflictException.class, () -> store.append(withId("second", SESSION, 1, 16)));
    // then
    assertStored(first);
    assertEquals(List.of(first.checkpoint()), listAll(SESSION));
    assertEquals(java.util.Optional.empty(), store.read(SESSION, CheckpointId.of("second")));
  }

  @Test
  void aSecondRecordWithTheSameIdInTheSameSessionIsRejected() {
    // given
    CheckpointRecord first = withId("dup", SESSION, 1, 8);
    store.append(first);
    // when
    assertThrows(CheckpointConflictException.class, () -> store.append(withId("dup", SESSION, 2, 8)));
    // then
    assertEquals(List.of(first.checkpoint()), listAll(SESSION));
  }

  @Test
  void aSecondRecordWithTheSameIdInAnotherSessionIsRejected() {
    // given
    CheckpointRecord first = withId("dup", SESSION, 1, 8);
    store.append(first);
    // when
    assertThrows(CheckpointConflictException.class, () -> store.append(withId("dup", OTHER, 1, 8)));
    // then
    assertEquals(List.of(), listAll(OTHER));
    assertEquals(java.util.Set.of(SESSION), store.sessions());
    assertStored(first);
  }

  @Test
  void aRejectedAppendLeavesStatsUnchanged() {
    // given
    appendSequences(SESSION, 3, 100);
    StoreStats before = store.stats();
    // when
    assertThrows(CheckpointConflictException.class, () -> store.append(withId("late", SESSION, 2, 5000)));
    // then
    StoreStats after = store.stats();
    assertEquals(List.of(before.sessions(), before.checkpoints(), before.payloadBytes()),
        List.of(after.sessions(), after.checkpoints(), after.payloadBytes()));
  }

  @Test
  void theSameSequenceInDifferentSessionsIsNoConflict() {
    // given
    store.append(TckCheckpoints.record(SESSION, 1, 8));
    // when
    store.append(TckCheckpoints.record(OTHER, 1, 8));
    // then
    assertEquals(1, listAll(SESSION).size());
    assertEquals(1, listAll(OTHER).size());
  }

  @Test
  void twoThreadsRacingForTheSameSequenceExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= RACE_ROUNDS; round++) {
        // given
        CountDownLatch start = new CountDownLatch(1);
        CheckpointRecord a = withId("a-" + round, SESSION, round, 8);
        CheckpointRecord b = withId("b-" + round, SESSION, round, 8);
        // when
        Future<Boolean> fa = pool.submit(racer(start, a));
        Future<Boolean> fb = pool.submit(racer(start, b));
        start.countDown();
        boolean aWon = await(fa);
        boolean bWon = await(fb);
        // then
        assertEquals(1, (aWon ? 1 : 0) + (bWon ? 1 : 0), "round " + round + ": exactly one append must win");
        CheckpointRecord winner = aWon ? a : b;
        assertStored(winner);
        assertEquals(round, listAll(SESSION).size(), "round " + round + ": one checkpoint per sequence");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoThreadsRacingForTheSameIdInDifferentSessionsExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= RACE_ROUNDS; round++) {
        // given
        CountDownLatch start = new CountDownLatch(1);
        CheckpointRecord a = withId("same-" + round, SESSION, round, 8);
        CheckpointRecord b = withId("same-" + round, OTHER, round, 8);
        // when
        Future<Boolean> fa = pool.submit(racer(start, a));
        Future<Boolean> fb = pool.submit(racer(start, b));
        start.countDown();
        boolean aWon = await(fa);
        boolean bWon = await(fb);
        // then
        assertEquals(1, (aWon ? 1 : 0) + (bWon ? 1 : 0), "round " + round + ": exactly one append must win");
      }
      assertEquals(RACE_ROUNDS, listAll(SESSION).size() + listAll(OTHER).size(), "one checkpoint per round in all");
    } finally {
      pool.shutdownNow();
    }
  }

  private Callable<Boolean> racer(CountDownLatch start, CheckpointRecord record) {
    return () -> {
      start.await();
      try {
        store.append(record);
        return true;
      } catch (CheckpointConflictException lost) {
        return false;
      }
    };
  }
}
