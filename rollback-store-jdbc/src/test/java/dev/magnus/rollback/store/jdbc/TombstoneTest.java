package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that missed a deletion must not bring deleted history back: two store instances (nodes) on one
 * schema; one deletes, the other appends late on top of what it last saw.
 */
class TombstoneTest {
  private static final String SESSION = "s-1";
  private final String schema = TestDatabase.freshSchema("tomb");
  private CheckpointStore nodeA;
  private CheckpointStore nodeB;

  @BeforeEach
  void open() {
    nodeA = TestDatabase.open(schema);
    nodeB = TestDatabase.open(schema);
  }

  @AfterEach
  void close() {
    for (CheckpointStore s : new CheckpointStore[] {nodeA, nodeB}) {
      if (s != null) {
        s.close();
      }
    }
    TestDatabase.dropSchema(schema);
  }

  @Test
  void aLateAppendAfterDeleteSessionIsRefusedAndTheSessionStaysDeleted() {
    // given
    append(nodeA, 3);
    assertEquals(3, nodeB.deleteSession(SESSION));
    // when
    CheckpointConflictException e = assertThrows(CheckpointConflictException.class,
        () -> nodeA.append(TckCheckpoints.record(SESSION, 4, 16)));
    // then
    assertTrue(e.getMessage().contains("deleted up to sequence 3"), e.getMessage());
    assertEquals(Set.of(), nodeA.sessions());
    assertEquals(1L, nodeA.stats().extra().get("tombstones"));
  }

  @Test
  void aFreshStartAfterDeletionIsKeptWhileTheOldHistoryStaysRefused() {
    // given
    append(nodeA, 3);
    nodeB.deleteSession(SESSION);
    Checkpoint fresh = TckCheckpoints.checkpoint(CheckpointId.of("fresh-1"), SESSION, 1, CheckpointType.SESSION_START, 16);
    nodeB.append(TckCheckpoints.record(fresh));
    // when: sequence 4 is free in the new history, but its parent belongs to the deleted one
    assertThrows(CheckpointConflictException.class, () -> nodeA.append(TckCheckpoints.record(SESSION, 4, 16)));
    // then
    assertEquals(List.of(fresh), nodeA.list(SESSION, CheckpointQuery.all()));
  }

  @Test
  void aStaleNodeCannotRefillASequenceThatRetentionPruned() {
    // given: node A pruned 1..3 while node B still believes the head is 1
    List<CheckpointRecord> records = append(nodeA, 5);
    nodeA.delete(SESSION, records.subList(0, 3).stream().map(r -> r.checkpoint().id()).toList());
    // when: sequence 2 is free, and without the tombstone check the append would fork the history
    assertThrows(CheckpointConflictException.class, () -> nodeB.append(TckCheckpoints.record(SESSION, 2, 16)));
    // then
    assertEquals(List.of(4L, 5L), nodeB.list(SESSION, CheckpointQuery.all()).stream().map(Checkpoint::sequence).toList());
  }

  @Test
  void appendsOnTopOfALiveCheckpointContinueAfterPruning() {
    // given
    List<CheckpointRecord> records = append(nodeA, 5);
    nodeA.delete(SESSION, List.of(records.get(0).checkpoint().id()));
    // when
    nodeB.append(TckCheckpoints.record(SESSION, 6, 16));
    // then
    assertEquals(5, nodeA.list(SESSION, CheckpointQuery.all()).size());
  }

  @Test
  void aDeleteSessionRacingAnotherNodesAppendsLeavesNothingBehind() throws Exception {
    // given: node A appends one history as fast as it can; node B deletes the session mid-way
    CountDownLatch twentyAcked = new CountDownLatch(20);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<List<CheckpointRecord>> acked = writer.submit(() -> appendUntilRefused(twentyAcked));
      assertTrue(twentyAcked.await(60, TimeUnit.SECONDS), "node A never got going");
      // when
      int deleted = nodeB.deleteSession(SESSION);
      List<CheckpointRecord> acknowledged = acked.get(60, TimeUnit.SECONDS);
      // then: every acknowledged append was deleted, and none slipped in after the delete
      assertEquals(acknowledged.size(), deleted);
      assertEquals(List.of(), nodeA.list(SESSION, CheckpointQuery.all()));
    } finally {
      writer.shutdownNow();
    }
  }

  private List<CheckpointRecord> appendUntilRefused(CountDownLatch progress) {
    List<CheckpointRecord> acked = new java.util.ArrayList<>();
    for (int seq = 1; seq <= 100_000; seq++) {
      CheckpointRecord r = TckCheckpoints.record(SESSION, seq, 16);
      try {
        nodeA.append(r);
      } catch (CheckpointConflictException refused) {
        return acked;
      }
      acked.add(r);
      progress.countDown();
    }
    throw new AssertionError("node A was never refused: the delete did not stop the old history");
  }

  private static List<CheckpointRecord> append(CheckpointStore store, int count) {
    List<CheckpointRecord> records = new java.util.ArrayList<>();
    for (int seq = 1; seq <= count; seq++) {
      CheckpointRecord r = TckCheckpoints.record(SESSION, seq, 16);
      store.append(r);
      records.add(r);
    }
    return records;
  }
}
