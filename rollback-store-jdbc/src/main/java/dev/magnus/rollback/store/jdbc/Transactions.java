package dev.magnus.rollback.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Run store operations on a borrowed connection: reads in auto-commit, writes in one transaction
 * that is committed or rolled back before the connection goes back.
 *
 * <p>A unique violation inside a write is handed back to the caller as the lost compare-and-set
 * (after the rollback), so the caller can find the winner on a fresh connection. Any other SQL failure
 * becomes a {@code StoreException}; a failure while committing over a lost connection says the outcome
 * is unknown, since the server may have applied the commit before the connection dropped.
 */
final class Transactions {
  private Transactions() {}

  /** Work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** The result of a write: its value, or the unique violation that made it lose. */
  record Outcome<T>(T value, Optional<SQLException> conflict) {
    /** Return the value of a write that has no compare-and-set to lose; a unique violation is a failure. */
    T orThrow(String operation) {
      if (conflict.isPresent()) {
        throw SqlFailures.of(operation, conflict.get());
      }
      return value;
    }
  }

  static <T> T read(DataSource dataSource, String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw SqlFailures.of(operation, e);
    }
  }

  static <T> Outcome<T> write(DataSource dataSource, String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      T value;
      try {
        value = work.run(c);
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        if (SqlFailures.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return new Outcome<>(null, Optional.of(e));
        }
        throw SqlFailures.of(operation, e);
      } catch (RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
      commit(c, operation);
      return new Outcome<>(value, Optional.empty());
    } catch (SQLException e) {
      throw SqlFailures.of(operation, e);
    }
  }

  private static void commit(Connection c, String operation) {
    try {
      c.commit();
    } catch (SQLException e) {
      throw SqlFailures.connectionLost(e) ? SqlFailures.unknownOutcome(operation, e) : SqlFailures.of(operation, e);
    }
  }

  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
