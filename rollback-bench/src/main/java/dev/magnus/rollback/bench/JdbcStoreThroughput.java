package dev.magnus.rollback.bench;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Measure the PostgreSQL store against the server named by {@code ROLLBACK_JDBC_URL},
 * {@code ROLLBACK_JDBC_USER} and {@code ROLLBACK_JDBC_PASSWORD} ({@code . .ci/postgres} starts one
 * and exports them): checkpoints per second with 1 writer on 1 session ({@code appends} of them) and
 * with 32 writers on 32 sessions (for 5 s, through {@link Load}), and what the compare-and-set costs:
 * a raw single-row INSERT in auto-commit (the floor: one commit, one WAL flush), the store's append
 * (session lock + unique checks), the append with the tombstone lineage check active, and a rejected
 * append. Usage: {@code java -cp rollback-bench/target/benchmarks.jar
 * dev.magnus.rollback.bench.JdbcStoreThroughput [appends]}. Everything runs in a schema of its own,
 * dropped at the end. Not thread-safe; one run per JVM.
 */
public final class JdbcStoreThroughput {
  private static final int PAYLOAD = 4096;
  private static final int WRITERS = 32;
  private static final long PARALLEL_NANOS = 5_000_000_000L;

  private JdbcStoreThroughput() {}

  /**
   * Run the measurements and print them; exit 2 when no server is named.
   *
   * @param args optional: appends per single-writer run (default 2000)
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    String url = System.getenv("ROLLBACK_JDBC_URL");
    if (url == null || url.isBlank()) {
      System.err.println("ROLLBACK_JDBC_URL is not set: name a PostgreSQL server with ROLLBACK_JDBC_URL, "
          + "ROLLBACK_JDBC_USER and ROLLBACK_JDBC_PASSWORD (. .ci/postgres starts one and exports them)");
      System.exit(2);
    }
    String schema = "bench_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
    try (CheckpointStore store = JdbcStores.builder().url(url).user(user()).password(password()).schema(schema)
        .poolSize(WRITERS).open()) {
      report("raw INSERT, auto-commit, 1 writer", n, rawInserts(url, schema, n));
      report("store append, 1 writer, 1 session", n, timed(() -> appendRange(store, "one", 1, n)));
      reportRate("store append, 32 writers, 32 sessions", Load.rate(WRITERS, PARALLEL_NANOS,
          (w, i) -> store.append(StoreRecords.record("w" + w, i + 1, PAYLOAD))));
      store.delete("one", List.of(StoreRecords.id("one", 1)));
      report("store append after a deletion (lineage check on)", n, timed(() -> appendRange(store, "one", n + 1, n)));
      report("rejected append (conflict + winner lookup)", n, timed(() -> conflicts(store, n)));
    } finally {
      dropSchema(url, schema);
    }
  }

  private static String user() {
    return System.getenv().getOrDefault("ROLLBACK_JDBC_USER", "");
  }

  private static String password() {
    return System.getenv().getOrDefault("ROLLBACK_JDBC_PASSWORD", "");
  }

  private static Connection connect(String url) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    return DriverManager.getConnection(url, props);
  }

  private static long rawInserts(String url, String schema, int n) throws SQLException {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
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

  private static void dropSchema(String url, String schema) throws SQLException {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  private static void appendRange(CheckpointStore store, String session, int first, int count) {
    for (int seq = first; seq < first + count; seq++) {
      store.append(StoreRecords.record(session, seq, PAYLOAD));
    }
  }

  private static void conflicts(CheckpointStore store, int n) {
    CheckpointRecord taken = StoreRecords.record("conflict", 1, PAYLOAD);
    store.append(taken);
    for (int i = 0; i < n; i++) {
      try {
        store.append(taken);
        throw new IllegalStateException("sequence 1 was free");
      } catch (CheckpointConflictException expected) {
        // the measured path
      }
    }
  }

  private static long timed(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return System.nanoTime() - t0;
  }

  private static void report(String what, int count, long nanos) {
    reportRate(what, count / (nanos / 1e9));
  }

  private static void reportRate(String what, double perSecond) {
    System.out.printf("%-52s %8.0f /s  %8.3f ms each%n", what, perSecond, 1000 / perSecond);
  }
}
