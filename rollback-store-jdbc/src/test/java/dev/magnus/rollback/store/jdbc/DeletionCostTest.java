package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An append with retention deletions costs what it changes, not what the table holds: after
 * {@value #HISTORY} appends per session, each deleting the checkpoint {@value #KEPT} back, in a table not
 * vacuumed (dead rows in every index, as between two autovacuum runs), one more batch of appends, or one
 * lone append, reads a bounded number of pages. The statements run as a busy store's pooled connection
 * runs them: prepared once on the server while the sessions were young, with a generic plan, and reused
 * since. The count is PostgreSQL's own (block fetches of the schema's tables and indexes in the current
 * transaction, which is then rolled back), not a time. Both statements once checked each record's
 * lineage with an {@code EXISTS} that the plan made on a small table turned into a scan of the whole
 * table: about 600 pages here, growing with every session's history.
 */
class DeletionCostTest {
  private static final int SESSIONS = 8;
  private static final int HISTORY = 1000;
  private static final int KEPT = 5;
  /** Pages one append with one deletion may read (about 31 seen: lock, lineage, insert, four indexes, delete). */
  private static final int PAGES_PER_APPEND = 45;
  private final String schema = TestDatabase.freshSchema("delcost");
  private final ReentrantLock lock = new ReentrantLock();
  private CheckpointStore store;

  @BeforeEach
  void openWithoutAutovacuum() throws SQLException {
    store = TestDatabase.open(schema);
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE \"" + schema + "\".rollback_checkpoints SET (autovacuum_enabled = false)");
    }
    for (long seq = 1; seq <= KEPT; seq++) {
      for (int i = 0; i < SESSIONS; i++) {
        store.append(record(i, seq));
      }
    }
  }

  @AfterEach
  void close() {
    TestDatabase.closeAndDrop(store, schema);
  }

  @Test
  void aBatchWithDeletionsReadsPagesForWhatItChangesNotForTheTable() throws SQLException {
    // given
    Binder batch = (c, p, seq) -> {
      List<PendingAppend> appends = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        appends.add(pending(i, seq));
      }
      BatchAppends.bind(c, p, appends);
    };
    // when
    int pages = pagesOfTheLastRun(new Sql(schema).appendBatchThenDelete, batch);
    // then
    int bound = PAGES_PER_APPEND * SESSIONS;
    assertTrue(pages > 0 && pages <= bound, "a batch of " + SESSIONS + " appends, each deleting one checkpoint, "
        + "read " + pages + " pages after " + HISTORY + " such batches; expected at most " + bound);
  }

  @Test
  void aLoneAppendWithADeletionReadsPagesForWhatItChangesNotForTheTable() throws SQLException {
    // given: the other sessions' histories fill the table too
    for (long seq = KEPT + 1; seq <= HISTORY; seq++) {
      for (int i = 1; i < SESSIONS; i++) {
        store.appendThenDelete(record(i, seq), List.of(record(i, seq - KEPT).checkpoint().id()));
      }
    }
    // when
    int pages = pagesOfTheLastRun(new Sql(schema).appendOneThenDelete, (c, p, seq) -> BatchAppends.bindOne(c, p,
        pending(0, seq)));
    // then
    assertTrue(pages > 0 && pages <= PAGES_PER_APPEND, "a lone append deleting one checkpoint read " + pages
        + " pages after " + HISTORY + " such appends; expected at most " + PAGES_PER_APPEND);
  }

  @FunctionalInterface
  private interface Binder {
    void bind(Connection c, PreparedStatement p, long seq) throws SQLException;
  }

  /**
   * On one connection, with generic plans, run the statements for sequences {@value #KEPT} + 1 to
   * {@value #HISTORY} (committed), then once more in a transaction rolled back; return the pages that
   * last run read.
   */
  private int pagesOfTheLastRun(String statements, Binder binder) throws SQLException {
    try (Connection c = TestDatabase.connect("prepareThreshold", "1"); Statement s = c.createStatement();
        PreparedStatement p = c.prepareStatement(statements)) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      for (long seq = KEPT + 1; seq <= HISTORY; seq++) {
        run(c, p, binder, seq);
      }
      c.setAutoCommit(false);
      try {
        long before = fetched(s);
        run(c, p, binder, HISTORY + 1);
        return (int) (fetched(s) - before);
      } finally {
        c.rollback();
      }
    }
  }

  private static void run(Connection c, PreparedStatement p, Binder binder, long seq) throws SQLException {
    binder.bind(c, p, seq);
    p.execute();
    while (p.getMoreResults() || p.getUpdateCount() != -1) {
      // every statement of the run
    }
  }

  private long fetched(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT sum(pg_stat_get_xact_blocks_fetched(c.oid)) FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static CheckpointRecord record(int session, long seq) {
    return TckCheckpoints.record("cost-" + session, seq, 256);
  }

  private PendingAppend pending(int session, long seq) {
    CheckpointRecord r = record(session, seq);
    String doomed = record(session, seq - KEPT).checkpoint().id().value();
    return new PendingAppend(r.checkpoint(), r.payload(), new String[] {doomed}, lock.newCondition());
  }
}
