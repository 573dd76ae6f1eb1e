package dev.magnus.rollback.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Bring a schema up to date with the numbered SQL files in {@code migrations/}.
 *
 * <p>Each migration runs in its own transaction that first takes a transaction-scoped advisory lock
 * named after the schema, then checks {@code rollback_schema_migrations}: so two nodes that open the
 * store at once apply each version exactly once, and a version that failed half-way leaves nothing
 * behind. A database that holds a newer version than this code knows is refused, never downgraded.
 */
final class Migrations {
  /** The migrations, in order; the list only grows, and applied files never change. */
  static final List<String> FILES = List.of("V001__checkpoints_and_sessions.sql");

  private Migrations() {}

  /**
   * Apply what is missing.
   *
   * @param c a connection; its auto-commit mode is restored afterwards
   * @param sql the schema's SQL
   * @param clock stamps applied_at
   * @return the versions applied now, in order
   * @throws SQLException if the database refuses a statement
   */
  static List<Integer> migrate(Connection c, Sql sql, Clock clock) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      java.util.ArrayList<Integer> applied = new java.util.ArrayList<>();
      for (int i = 0; i < FILES.size(); i++) {
        if (applyOne(c, sql, i + 1, FILES.get(i), clock)) {
          applied.add(i + 1);
        }
      }
      return applied;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static boolean applyOne(Connection c, Sql sql, int version, String file, Clock clock) throws SQLException {
    try (Statement s = c.createStatement()) {
      lock(c, sql);
      s.execute("CREATE SCHEMA IF NOT EXISTS " + sql.schema);
      s.execute("CREATE TABLE IF NOT EXISTS " + sql.schema + ".rollback_schema_migrations (version integer PRIMARY KEY, "
          + "name text NOT NULL, applied_epoch_ms bigint NOT NULL)");
      int newest = newest(c, sql);
      if (newest > FILES.size()) {
        throw new SQLException("schema " + sql.schema + " is at migration version " + newest + " but this "
            + "rollback-store-jdbc knows only up to " + FILES.size() + ": upgrade the library", "55000");
      }
      if (newest >= version) {
        c.rollback();
        return false;
      }
      s.execute(load(file).replace("${schema}", sql.schema));
      record(c, sql, version, file, clock);
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private static void lock(Connection c, Sql sql) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      p.setString(1, "rollback-store-jdbc migrations " + sql.schema);
      p.execute();
    }
  }

  private static int newest(Connection c, Sql sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(max(version), 0) FROM " + sql.schema + ".rollback_schema_migrations")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void record(Connection c, Sql sql, int version, String file, Clock clock) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO " + sql.schema
        + ".rollback_schema_migrations (version, name, applied_epoch_ms) VALUES (?, ?, ?)")) {
      p.setInt(1, version);
      p.setString(2, file);
      p.setLong(3, clock.millis());
      p.executeUpdate();
    }
  }

  private static String load(String file) {
    try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + file + " is missing from the rollback-store-jdbc jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + file, e);
    }
  }
}
