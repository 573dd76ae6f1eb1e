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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The PostgreSQL figures of {@link JdbcStoreThroughput} and of {@link Compare}'s PostgreSQL cells, each
 * measured for a fixed time through
 * {@link Load}: the raw floor (a single-row {@code INSERT} of an id and a payload in auto-commit, so one
 * commit and one WAL flush each, over 1 or 32 connections of their own) and the store's appends (1 or
 * 32 sessions, one writer each; also 32 sessions each keeping its last {@value #KEPT}), the append with the
 * tombstone lineage check on, and a rejected append.
 * The raw payloads are random like the store's, so neither side gains from PostgreSQL's compression.
 * Everything lives in one schema, dropped on {@link #close()}. Not thread-safe (one figure at a time;
 * each figure runs its own writer threads).
 */
final class JdbcRig implements AutoCloseable {
  static final int PAYLOAD = 4096;
  static final int WRITERS = 32;
  static final int BLOCK = 20;
  /** How many checkpoints per session {@link #appendsKeepingLast} keeps. */
  static final int KEPT = 10;

  private final String url;
  private final String schema;
  private final CheckpointStore store;
  private final List<Connection> raw = new ArrayList<>();
  private final List<PreparedStatement> inserts = new ArrayList<>();
  private final byte[][] payloads = new byte[WRITERS][PAYLOAD];
  /** The last sequence appended to each session of {@link #appendsKeepingLast}; each written by its own writer. */
  private final long[] keptSequences = new long[WRITERS];

  JdbcRig(String url) throws SQLException {
    this.url = url;
    this.schema = "bench_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
    this.store = JdbcStores.builder().url(url).user(user()).password(password()).schema(schema).poolSize(WRITERS).open();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE \"" + schema + "\".raw (id text PRIMARY KEY, payload bytea NOT NULL)");
    }
    for (int w = 0; w < WRITERS; w++) {
      Connection c = connect();
      raw.add(c);
      inserts.add(c.prepareStatement("INSERT INTO \"" + schema + "\".raw VALUES (?, ?)"));
      new SplittableRandom(w).nextBytes(payloads[w]);
    }
  }

  /** Raw single-row inserts in auto-commit over {@code writers} connections; ids tagged so rounds never collide. */
  double raw(int writers, long nanos, String tag) throws Exception {
    return Load.rate(writers, nanos, (w, n) -> {
      PreparedStatement p = inserts.get(w);
      p.setString(1, tag + "-" + w + "-" + n);
      p.setBytes(2, payloads[w]);
      p.executeUpdate();
    });
  }

  /**
   * One writer each, alternating in blocks of {@value #BLOCK}: raw inserts on one connection, then store
   * appends to one session, so both see the same moments of a shared machine; returns {raw, store} rates.
   */
  double[] alternating(long nanos, String tag) throws SQLException {
    PreparedStatement p = inserts.get(0);
    long rawNanos = 0;
    long storeNanos = 0;
    long n = 0;
    for (long end = System.nanoTime() + nanos; System.nanoTime() < end; ) {
      long t0 = System.nanoTime();
      for (int i = 0; i < BLOCK; i++) {
        p.setString(1, tag + "-one-" + (n + i));
        p.setBytes(2, payloads[0]);
        p.executeUpdate();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < BLOCK; i++) {
        store.append(StoreRecords.record(tag + "-one", n + i + 1, PAYLOAD));
      }
      rawNanos += t1 - t0;
      storeNanos += System.nanoTime() - t1;
      n += BLOCK;
    }
    return new double[] {n / (rawNanos / 1e9), n / (storeNanos / 1e9)};
  }

  /** Store appends, one writer per session, sessions named after {@code tag}. */
  double appends(int sessions, long nanos, String tag) throws Exception {
    return Load.rate(sessions, nanos, (w, n) -> store.append(StoreRecords.record(tag + "-" + w, n + 1, PAYLOAD)));
  }

  /**
   * Store appends as a retention policy makes them: one writer per session, each append past the
   * {@value #KEPT}th deleting, in its own transaction, the checkpoint {@value #KEPT} back, so every
   * batch carries deletions. The sessions live for the whole run (each call goes on where the last one
   * stopped), so the table fills with dead rows as a long-running service's does between vacuums.
   */
  double appendsKeepingLast(int sessions, long nanos) throws Exception {
    return Load.rate(sessions, nanos, (w, n) -> {
      String session = "kept-" + w;
      long sequence = ++keptSequences[w];
      store.appendThenDelete(StoreRecords.record(session, sequence, PAYLOAD),
          sequence > KEPT ? List.of(StoreRecords.id(session, sequence - KEPT)) : List.of());
    });
  }

  /** Appends to a session that lost a checkpoint, so every append runs the lineage check. */
  double lineage(long nanos, String tag) throws Exception {
    String session = tag + "-lineage";
    store.append(StoreRecords.record(session, 1, PAYLOAD));
    store.append(StoreRecords.record(session, 2, PAYLOAD));
    store.delete(session, List.of(StoreRecords.id(session, 1)));
    return Load.rate(1, nanos, (w, n) -> store.append(StoreRecords.record(session, n + 3, PAYLOAD)));
  }

  /** Appends that lose the compare-and-set: the rejection and the winner lookup. */
  double rejected(long nanos, String tag) throws Exception {
    CheckpointRecord taken = StoreRecords.record(tag + "-conflict", 1, PAYLOAD);
    store.append(taken);
    return Load.rate(1, nanos, (w, n) -> {
      try {
        store.append(taken);
        throw new IllegalStateException("sequence 1 was free");
      } catch (CheckpointConflictException expected) {
        // the measured path
      }
    });
  }

  /** The store's group-commit batch-size counters ({@code batch...} figures of its stats), empty if it has none. */
  Map<String, Long> batchCounters() {
    Map<String, Long> result = new TreeMap<>();
    store.stats().extra().forEach((k, v) -> {
      if (k.startsWith("batch")) {
        result.put(k, v);
      }
    });
    return result;
  }

  @Override
  public void close() throws SQLException {
    try {
      store.close();
      for (Connection c : raw) {
        c.close();
      }
    } finally {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    return DriverManager.getConnection(url, props);
  }

  private static String user() {
    return System.getenv().getOrDefault("ROLLBACK_JDBC_USER", "");
  }

  private static String password() {
    return System.getenv().getOrDefault("ROLLBACK_JDBC_PASSWORD", "");
  }
}
