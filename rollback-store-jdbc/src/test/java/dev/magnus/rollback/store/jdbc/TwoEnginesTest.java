package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Two default engines, each on its own store instance and pool (two nodes), on one database and one
 * session: the store's constraints must keep their histories from overwriting each other.
 */
class TwoEnginesTest {
  private static final String SESSION = "shared-session";
  private static final int ATTEMPTS_PER_NODE = 40;
  private final String schema = TestDatabase.freshSchema("engines");
  private SessionRollbackEngine nodeA;
  private SessionRollbackEngine nodeB;

  @BeforeEach
  void startNodes() {
    nodeA = Nodes.engine(schema);
    nodeB = Nodes.engine(schema);
    nodeA.initialize(SESSION, Nodes.METADATA, Map.of("step", 0L));
  }

  @AfterEach
  void stopNodes() {
    for (SessionRollbackEngine e : new SessionRollbackEngine[] {nodeA, nodeB}) {
      if (e != null) {
        e.close();
      }
    }
    TestDatabase.dropSchema(schema);
  }

  @Test
  void theStaleNodeGetsAConflictNamingTheWinnerAndReloadsTheWinnersState() {
    // given
    Session a = nodeA.resume(SESSION);
    Session b = nodeB.resume(SESSION);
    b.update(s -> s.with("step", 7L));
    Checkpoint winner = a.createCheckpoint(CheckpointType.USER_REQUESTED, "node A first");
    // when
    CheckpointConflictException e = assertThrows(CheckpointConflictException.class,
        () -> b.createCheckpoint(CheckpointType.USER_REQUESTED, "node B second"));
    // then
    assertTrue(e.getMessage().contains("sequence 2") && e.getMessage().contains(winner.id().value()), e.getMessage());
    assertEquals(a.getCurrentState().attributes(), b.getCurrentState().attributes(),
        "the loser reloaded what the winner committed instead of keeping a state that would overwrite it");
    assertEquals(List.of(1L, 2L), sequences(stored()));
    assertEquals(winner, stored().get(1));
    assertEquals(1, nodeB.getAuditLog().entries(SESSION).stream()
        .filter(x -> x.action() == AuditAction.CHECKPOINT_FAILED).count(), "the conflict is audited on the loser");
  }

  @Test
  void twoNodesCheckpointingOneSessionLoseNothingAndLeaveNoGap() throws Exception {
    // given
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    // when
    List<Future<Tally>> futures = new ArrayList<>();
    try {
      futures.add(pool.submit(() -> work(nodeA, "A", start)));
      futures.add(pool.submit(() -> work(nodeB, "B", start)));
      start.countDown();
      Tally a = futures.get(0).get(120, TimeUnit.SECONDS);
      Tally b = futures.get(1).get(120, TimeUnit.SECONDS);
      // then
      List<Checkpoint> stored = stored();
      assertEquals(1 + a.acknowledged.size() + b.acknowledged.size(), stored.size(), "one row per acknowledgement");
      for (int k = 0; k < stored.size(); k++) {
        assertEquals(k + 1L, stored.get(k).sequence(), "sequences 1..n without a gap");
        Optional<CheckpointId> parent = k == 0 ? Optional.empty() : Optional.of(stored.get(k - 1).id());
        assertEquals(parent, stored.get(k).parentId(), "each checkpoint descends from the one before: no fork");
      }
      Set<CheckpointId> ids = new HashSet<>(stored.stream().map(Checkpoint::id).toList());
      assertTrue(ids.containsAll(a.acknowledged) && ids.containsAll(b.acknowledged), "no acknowledged checkpoint lost");
      assertEquals(2 * ATTEMPTS_PER_NODE, a.acknowledged.size() + a.conflicts + b.acknowledged.size() + b.conflicts,
          "every attempt either committed or was reported as a conflict");
      System.out.printf("two nodes: A %d committed / %d conflicts, B %d committed / %d conflicts%n",
          a.acknowledged.size(), a.conflicts, b.acknowledged.size(), b.conflicts);
      assertEquals(a.conflicts, failedAudits(nodeA));
      assertEquals(b.conflicts, failedAudits(nodeB));
    } finally {
      pool.shutdownNow();
    }
  }

  private static Tally work(SessionRollbackEngine engine, String node, CountDownLatch start) throws InterruptedException {
    Tally tally = new Tally();
    final Session session = engine.resume(SESSION);
    start.await();
    for (int i = 0; i < ATTEMPTS_PER_NODE; i++) {
      try {
        tally.acknowledged.add(session.createCheckpoint(CheckpointType.USER_REQUESTED, node + " " + i).id());
      } catch (CheckpointConflictException e) {
        tally.conflicts++; // the session reloaded the head the other node wrote; go on from there
      }
    }
    return tally;
  }

  private static long failedAudits(SessionRollbackEngine engine) {
    return engine.getAuditLog().entries(SESSION).stream().filter(x -> x.action() == AuditAction.CHECKPOINT_FAILED).count();
  }

  private List<Checkpoint> stored() {
    try (CheckpointStore store = TestDatabase.open(schema)) {
      return store.list(SESSION, CheckpointQuery.all());
    }
  }

  private static List<Long> sequences(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::sequence).toList();
  }

  /** What one node saw. */
  private static final class Tally {
    final List<CheckpointId> acknowledged = new ArrayList<>();
    int conflicts;
  }
}
