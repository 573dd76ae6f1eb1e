package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Appends that share one group-commit batch each get their own outcome, exactly as if each had been
 * written alone; a batch whose commit fails fails all of its callers and commits none of them. The
 * members of each batch are made certain with {@link HeldBatch}, and the store's batch counters prove
 * that they were written together.
 */
class GroupCommitTest {
  private final String schema = TestDatabase.freshSchema("group");
  private CheckpointStore store;

  @BeforeEach
  void open() {
    store = TestDatabase.builder(schema).batchWriters(1).open();
  }

  @AfterEach
  void close() {
    TestDatabase.closeAndDrop(store, schema);
  }

  @Test
  void aBatchWhereSomeRecordsConflictStoresTheOthersAndRejectsEachLoserWithItsOwnWinner() throws Exception {
    // given
    CheckpointRecord taken = TckCheckpoints.record("x", 1, 16);
    store.append(taken);
    List<CheckpointRecord> pruned = appendAll("pruned", 3);
    store.delete("pruned", List.of(pruned.get(2).checkpoint().id()));
    CheckpointRecord a = TckCheckpoints.record("a", 1, 16);
    CheckpointRecord b = TckCheckpoints.record("b", 1, 16);
    CheckpointRecord sameSequence = withId("x-other", "x", 1);
    CheckpointRecord sameId = withId(taken.checkpoint().id().value(), "y", 1);
    CheckpointRecord orphan = TckCheckpoints.record("pruned", 4, 16); // its parent, sequence 3, was deleted
    long before = batches("batchesOf4-7");
    // when
    List<Future<Integer>> calls = new ArrayList<>();
    try (HeldBatch hold = new HeldBatch(store, schema)) {
      for (CheckpointRecord r : List.of(a, sameSequence, b, sameId, orphan)) {
        calls.add(hold.submit(() -> store.appendThenDelete(r, List.of())));
      }
      hold.awaitQueued(5);
      hold.release();
      // then
      assertEquals(0, get(calls.get(0)));
      assertEquals(0, get(calls.get(2)));
      assertTrue(conflict(calls.get(1)).getMessage().contains("already has sequence 1 (winner: checkpoint "
          + taken.checkpoint().id()), "the sequence's winner is named");
      assertTrue(conflict(calls.get(3)).getMessage().contains("already exists (session 'x'"), "the id's holder is named");
      assertTrue(conflict(calls.get(4)).getMessage().contains("which is no longer stored"), "the lineage refusal");
    }
    assertEquals(before + 1, batches("batchesOf4-7"), "the five appends were one batch");
    assertStoredExactly(a);
    assertStoredExactly(b);
    assertStoredExactly(taken);
    assertEquals(List.of(), ids("y"));
    assertEquals(List.of(pruned.get(0).checkpoint().id(), pruned.get(1).checkpoint().id()), ids("pruned"));
  }

  @Test
  void appendThenDeleteInABatchDeletesForEachStoredRecordAndNothingForTheRejectedOne() throws Exception {
    // given
    List<CheckpointRecord> a = appendAll("a", 3);
    List<CheckpointRecord> b = appendAll("b", 3);
    List<CheckpointRecord> x = appendAll("x", 2);
    CheckpointRecord a4 = TckCheckpoints.record("a", 4, 16);
    CheckpointRecord b4 = TckCheckpoints.record("b", 4, 16);
    CheckpointRecord c1 = TckCheckpoints.record("c", 1, 16);
    CheckpointRecord lateX = withId("x-late", "x", 2);
    // when
    List<Future<Integer>> calls = new ArrayList<>();
    try (HeldBatch hold = new HeldBatch(store, schema)) {
      calls.add(hold.submit(() -> store.appendThenDelete(a4, List.of(id(a, 0), id(a, 1), id(a, 1)))));
      calls.add(hold.submit(() -> store.appendThenDelete(b4, List.of(id(b, 0), CheckpointId.of("unknown"), id(a, 2)))));
      calls.add(hold.submit(() -> store.appendThenDelete(lateX, List.of(id(x, 0)))));
      calls.add(hold.submit(() -> store.appendThenDelete(c1, List.of())));
      hold.awaitQueued(4);
      hold.release();
      // then
      assertEquals(List.of(2, 1), List.of(get(calls.get(0)), get(calls.get(1))), "each caller counts its own deletions");
      conflict(calls.get(2));
      assertEquals(0, get(calls.get(3)));
    }
    assertEquals(List.of(id(a, 2), a4.checkpoint().id()), ids("a"), "only a's own ids go, never another session's");
    assertEquals(List.of(id(b, 1), id(b, 2), b4.checkpoint().id()), ids("b"));
    assertEquals(List.of(id(x, 0), id(x, 1)), ids("x"), "the rejected append deleted nothing");
    assertStoredExactly(c1);
    CheckpointConflictException late = org.junit.jupiter.api.Assertions.assertThrows(CheckpointConflictException.class,
        () -> store.append(TckCheckpoints.record("a", 2, 16)));
    assertTrue(late.getMessage().contains("deleted up to sequence 2"), "the batch recorded its deletions: " + late);
  }

  @Test
  void aBatchWhoseCommitFailsFailsEveryCallerAndCommitsNoneOfIt() throws Exception {
    // given: a deferred constraint trigger refuses, at commit time, any transaction that inserted session 'poison'
    failCommitsThatInsert("poison");
    CheckpointRecord a = TckCheckpoints.record("a", 1, 16);
    CheckpointRecord poison = TckCheckpoints.record("poison", 1, 16);
    CheckpointRecord b = TckCheckpoints.record("b", 1, 16);
    List<CheckpointRecord> kept = appendAll("kept", 2);
    // when
    List<Future<Integer>> calls = new ArrayList<>();
    try (HeldBatch hold = new HeldBatch(store, schema)) {
      calls.add(hold.submit(() -> store.appendThenDelete(a, List.of())));
      calls.add(hold.submit(() -> store.appendThenDelete(poison, List.of())));
      calls.add(hold.submit(() -> store.appendThenDelete(b, List.of())));
      calls.add(hold.submit(() -> store.appendThenDelete(TckCheckpoints.record("kept", 3, 16), List.of(id(kept, 0)))));
      hold.awaitQueued(4);
      hold.release();
      // then
      for (Future<Integer> call : calls) {
        StoreException e = failure(call);
        assertTrue(e.getMessage().contains("nothing was committed") && e.getMessage().contains("one of 4 appends"),
            e.getMessage());
      }
    }
    for (String session : List.of("a", "poison", "b")) {
      assertEquals(List.of(), ids(session), session);
      assertEquals(0, sessionRows(session), "no session row left behind for " + session);
    }
    assertEquals(List.of(id(kept, 0), id(kept, 1)), ids("kept"), "the failed batch deleted nothing");
    store.append(a);
    assertStoredExactly(a);
  }

  @Test
  void aLoneAppendWhoseCommitFailsFailsClearlyAndCommitsNothing() throws Exception {
    // given
    failCommitsThatInsert("poison");
    // when
    StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
        () -> store.append(TckCheckpoints.record("poison", 1, 16)));
    // then
    assertTrue(e.getMessage().contains("append checkpoint") && e.getMessage().contains("nothing was committed"),
        e.getMessage());
    assertEquals(List.of(), ids("poison"));
    assertEquals(0, sessionRows("poison"));
  }

  private CheckpointRecord withId(String id, String session, long sequence) {
    return TckCheckpoints.record(TckCheckpoints.checkpoint(CheckpointId.of(id), session, sequence,
        CheckpointType.USER_REQUESTED, 16));
  }

  private List<CheckpointRecord> appendAll(String session, int n) {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int seq = 1; seq <= n; seq++) {
      CheckpointRecord r = TckCheckpoints.record(session, seq, 16);
      store.append(r);
      records.add(r);
    }
    return records;
  }

  private static CheckpointId id(List<CheckpointRecord> records, int i) {
    return records.get(i).checkpoint().id();
  }

  private List<CheckpointId> ids(String session) {
    return store.list(session, CheckpointQuery.all()).stream().map(c -> c.id()).toList();
  }

  private void assertStoredExactly(CheckpointRecord r) {
    CheckpointRecord read = store.read(r.checkpoint().sessionId(), r.checkpoint().id()).orElseThrow(
        () -> new AssertionError(r.checkpoint().id() + " is missing"));
    assertEquals(r.checkpoint(), read.checkpoint());
    assertTrue(Arrays.equals(r.payload(), read.payload()), "payload of " + r.checkpoint().id());
  }

  private long batches(String bucket) {
    return store.stats().extra().get(bucket);
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private static CheckpointConflictException conflict(Future<?> f) throws Exception {
    return assertInstanceOf(CheckpointConflictException.class, cause(f));
  }

  private static StoreException failure(Future<?> f) throws Exception {
    return assertInstanceOf(StoreException.class, cause(f));
  }

  private static Throwable cause(Future<?> f) throws Exception {
    try {
      f.get(60, TimeUnit.SECONDS);
      throw new AssertionError("the call succeeded");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private void failCommitsThatInsert(String session) throws Exception {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE FUNCTION \"" + schema + "\".refuse_commit() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$ BEGIN RAISE EXCEPTION 'test: commit refused for session %', NEW.session_id; END $$");
      s.execute("CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON \"" + schema + "\".rollback_checkpoints "
          + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.session_id = '" + session + "') "
          + "EXECUTE FUNCTION \"" + schema + "\".refuse_commit()");
    }
  }

  private int sessionRows(String session) throws Exception {
    try (Connection c = TestDatabase.connect(); PreparedStatement p = c.prepareStatement(
        "SELECT count(*) FROM \"" + schema + "\".rollback_sessions WHERE session_id = ?")) {
      p.setString(1, session);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
