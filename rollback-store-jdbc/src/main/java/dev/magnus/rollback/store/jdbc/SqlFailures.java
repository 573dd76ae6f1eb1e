package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.StoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turn a {@link SQLException} into a {@link StoreException} whose message says what failed, why, and
 * what to do. Stateless.
 */
final class SqlFailures {
  /** SQLState of a unique violation: the compare-and-set lost. */
  static final String UNIQUE_VIOLATION = "23505";
  /** SQLState of a check constraint violation. */
  static final String CHECK_VIOLATION = "23514";

  private SqlFailures() {}

  /** Tell whether the server could not be reached or went away (class 08, shutdown, pool timeout). */
  static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException || state == null
        || state.startsWith("08") || state.startsWith("57P");
  }

  /** The constraint the server named in the error, or "" if none. */
  static String constraint(SQLException e) {
    return e instanceof org.postgresql.util.PSQLException pe && pe.getServerErrorMessage() != null
        ? String.valueOf(pe.getServerErrorMessage().getConstraint()) : "";
  }

  static StoreException of(String operation, SQLException e) {
    return new StoreException("the PostgreSQL store could not " + operation + ": " + reason(e) + advice(e), e);
  }

  /** For a commit whose answer never arrived: the transaction may or may not have been applied. */
  static StoreException unknownOutcome(String operation, SQLException e) {
    return new StoreException("the PostgreSQL store lost the connection while committing (" + operation + "): "
        + reason(e) + "; the outcome is unknown, so read the checkpoint (or latest) once the server is back before "
        + "retrying", e);
  }

  private static String reason(SQLException e) {
    return String.valueOf(e.getMessage()).strip() + " (SQLState " + e.getSQLState() + ")";
  }

  private static String advice(SQLException e) {
    return connectionLost(e)
        ? "; the server is unreachable or restarting: nothing was committed by this call, retry when it is back"
        : "; nothing was committed by this call";
  }
}
