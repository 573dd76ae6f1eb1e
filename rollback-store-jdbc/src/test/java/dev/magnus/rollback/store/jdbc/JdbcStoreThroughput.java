package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Measure the PostgreSQL store against the test server (ROLLBACK_JDBC_*): checkpoints per second with
 * 1 writer on 1 session and 32 writers on 32 sessions, and what the compare-and-set costs: a raw
 * single-row INSERT in auto-commit (the floor: one commit, one WAL flush), the store's append (session
 * lock + unique checks), the append with the tombstone lineage check active, and a rejected append.
 * A benchmark, not a test: run it by hand, for example
 * {@code java -cp <test class path> dev.magnus.rollback.store.jdbc.JdbcStoreThroughput [appends]}.
 */
public final class JdbcStoreThroughput {
  private static final int PAYLOAD = 4096;

  private JdbcStoreThroughput() {}

  /**
   * Run the measurements and print them.
   *
   * @param args optional: appends per single-writer run (default 2000)
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    String schema = TestDatabase.freshSchema("bench");
    try (CheckpointStore store = TestDatabase.builder(schema).poolSize(32).open()) {
      report("raw INSERT, auto-commit, 1 writer", n, rawInserts(schema, n));
      report("store append, 1 writer, 1 session", n, timed(() -> appendRange(store, "one", 1, n)));
      int perWriter = Math.max(1, n / 8);
      report("store append, 32 writers, 32 sessions", 32 * perWriter, parallel(store, 32, perWriter));
      store.delete("one", List.of(TckCheckpoints.idFor("one", 1)));
      report("store append after a deletion (lineage check on)", n, timed(() -> appendRange(store, "one", n + 1, n)));
      report("rejected append (conflict + winner lookup)", n, timed(() -> conflicts(store, n)));
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }

  private static long rawInserts(String schema, int n) throws Exception {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE \"" + schema + "\".raw (id text PRIMARY KEY, payload bytea NOT NULL)");
      byte[] payload = new byte[PAYLOAD];
      try (PreparedStatement p = c.prepareStatement("INSERT INTO \"" + schema + "\".raw VALUES (?, ?)")) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          p.setString(1, "r" + i);
          p.setBytes(2, payload);
          p.executeUpdate();
        }
        return System.nanoTime() - start;
      }
    }
  }

  private static void appendRange(CheckpointStore store, String session, int first, int count) {
    for (int seq = first; seq < first + count; seq++) {
      store.append(TckCheckpoints.record(session, seq, PAYLOAD));
    }
  }

  private static void conflicts(CheckpointStore store, int n) {
    CheckpointRecord taken = TckCheckpoints.record("conflict", 1, PAYLOAD);
    store.append(taken);
    for (int i = 0; i < n; i++) {
      try {
        store.append(taken);
        throw new IllegalStateException("sequence 2 was free");
      } catch (CheckpointConflictException expected) {
        // the measured path
      }
    }
  }

  private static long parallel(CheckpointStore store, int writers, int perWriter) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        String session = "w" + w;
        futures.add(pool.submit(() -> {
          start.await();
          appendRange(store, session, 1, perWriter);
          return null;
        }));
      }
      long t0 = System.nanoTime();
      start.countDown();
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.MINUTES);
      }
      return System.nanoTime() - t0;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return System.nanoTime() - t0;
  }

  private static void report(String what, int count, long nanos) {
    System.out.printf("%-52s %8.0f /s  %8.3f ms each%n", what, count / (nanos / 1e9), nanos / 1e6 / count);
  }
}
