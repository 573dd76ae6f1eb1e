package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Make the members of a group-commit batch certain, without timing: a store with one batch writer is
 * kept busy by an append to session {@value #HOLD} whose row lock a separate connection holds, so the
 * appends submitted meanwhile queue; once {@link #awaitQueued} sees them all, {@link #release()} lets
 * the held batch finish, and the writer it promotes takes every queued append into one batch.
 */
final class HeldBatch implements AutoCloseable {
  static final String HOLD = "hold";

  private final JdbcCheckpointStore store;
  private final String schema;
  private final Connection blocker;
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final Future<?> held;

  HeldBatch(CheckpointStore store, String schema) throws Exception {
    this.store = (JdbcCheckpointStore) store;
    this.schema = schema;
    store.append(TckCheckpoints.record(HOLD, 1, 8));
    blocker = TestDatabase.connect();
    blocker.setAutoCommit(false);
    try (PreparedStatement p = blocker.prepareStatement(
        "SELECT 1 FROM \"" + schema + "\".rollback_sessions WHERE session_id = ? FOR UPDATE")) {
      p.setString(1, HOLD);
      p.executeQuery().close();
    }
    held = callers.submit(() -> store.append(TckCheckpoints.record(HOLD, 2, 8)));
    awaitHeldAppendWaitingOnTheLock();
  }

  /** Run a caller of the store on its own thread. */
  <T> Future<T> submit(Callable<T> caller) {
    return callers.submit(caller);
  }

  /** Wait (bounded) until {@code n} appends are queued behind the held one. */
  void awaitQueued(int n) throws InterruptedException {
    for (int i = 0; i < 3000 && store.queuedAppends() < n; i++) {
      Thread.sleep(10);
    }
    if (store.queuedAppends() != n) {
      throw new AssertionError("expected " + n + " queued appends, found " + store.queuedAppends());
    }
  }

  /** Let the held append finish; the next batch takes what is queued. */
  void release() throws Exception {
    blocker.rollback();
    held.get(60, TimeUnit.SECONDS);
  }

  private void awaitHeldAppendWaitingOnTheLock() throws Exception {
    try (Connection c = TestDatabase.connect(); PreparedStatement p = c.prepareStatement("SELECT count(*) FROM "
        + "pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
      p.setString(1, "%\"" + schema + "\".rollback_sessions%ON CONFLICT%");
      for (int i = 0; i < 600 && !held.isDone(); i++) {
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the held append never waited on the session lock; done=" + held.isDone());
  }

  @Override
  public void close() throws SQLException {
    callers.shutdownNow();
    blocker.close();
  }
}
