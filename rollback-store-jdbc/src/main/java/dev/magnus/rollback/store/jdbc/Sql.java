package dev.magnus.rollback.store.jdbc;

import java.util.regex.Pattern;

/**
 * Hold the store's SQL text for one schema. Immutable.
 *
 * <p>The schema name is the only text spliced into SQL; it is checked against a strict identifier
 * pattern and quoted, so it cannot carry SQL. Every value travels as a bind parameter.
 */
final class Sql {
  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  static final String COLUMNS = "checkpoint_id, session_id, sequence, parent_id, type, description, "
      + "created_epoch_second, created_nano, labels, state_hash, chain_hash, raw_size, stored_size, compression";

  final String schema;
  final String appendBatch;
  final String appendBatchThenDelete;
  final String appendOne;
  final String appendOneThenDelete;
  final String deletedHigh;
  final String read;
  final String latest;
  final String holderOfSequence;
  final String holderOfId;
  final String deleteIds;
  final String deleteSession;
  final String markDeleted;
  final String tombstone;
  final String sessions;
  final String stats;
  final String tombstones;

  Sql(String schemaName) {
    schema = quote(schemaName);
    String cps = schema + ".rollback_checkpoints";
    String sessionsTable = schema + ".rollback_sessions";
    appendBatch = BatchSql.batch(cps, sessionsTable, false);
    appendBatchThenDelete = BatchSql.batch(cps, sessionsTable, true);
    appendOne = BatchSql.one(cps, sessionsTable, false);
    appendOneThenDelete = BatchSql.one(cps, sessionsTable, true);
    deletedHigh = "SELECT deleted_high_sequence FROM " + sessionsTable + " WHERE session_id = ?";
    read = "SELECT " + COLUMNS + ", payload FROM " + cps + " WHERE session_id = ? AND checkpoint_id = ?";
    latest = "SELECT " + COLUMNS + " FROM " + cps + " WHERE session_id = ? ORDER BY sequence DESC LIMIT 1";
    holderOfSequence = "SELECT checkpoint_id, (SELECT max(sequence) FROM " + cps + " WHERE session_id = ?) FROM " + cps
        + " WHERE session_id = ? AND sequence = ?";
    holderOfId = "SELECT session_id, sequence FROM " + cps + " WHERE checkpoint_id = ?";
    deleteIds = "DELETE FROM " + cps + " WHERE session_id = ? AND checkpoint_id = ANY (?) RETURNING sequence";
    deleteSession = "DELETE FROM " + cps + " WHERE session_id = ? RETURNING sequence";
    markDeleted = "UPDATE " + sessionsTable + " SET deleted_high_sequence = GREATEST(deleted_high_sequence, ?) "
        + "WHERE session_id = ?";
    tombstone = "UPDATE " + sessionsTable + " SET tombstoned_epoch_ms = ? WHERE session_id = ? RETURNING session_id";
    sessions = "SELECT DISTINCT session_id FROM " + cps;
    stats = "SELECT count(DISTINCT session_id), count(*), COALESCE(sum(stored_size), 0) FROM " + cps;
    tombstones = "SELECT count(*) FROM " + sessionsTable + " WHERE tombstoned_epoch_ms IS NOT NULL";
  }

  /**
   * Build a list query; the filter shape goes into the text, every value stays a parameter.
   *
   * @param byType whether a {@code type = ANY (?)} filter is added
   * @param ascending the order
   * @return the SQL, parameters: session, from, to, [types], limit
   */
  String list(boolean byType, boolean ascending) {
    return "SELECT " + COLUMNS + " FROM " + schema + ".rollback_checkpoints WHERE session_id = ? AND sequence BETWEEN ? AND ?"
        + (byType ? " AND type = ANY (?)" : "") + " ORDER BY sequence " + (ascending ? "ASC" : "DESC") + " LIMIT ?";
  }

  static String checkSchema(String name) {
    if (name == null || !SCHEMA.matcher(name).matches()) {
      throw new IllegalArgumentException("schema '" + name + "' is not allowed: use 1 to 63 characters from "
          + "[A-Za-z0-9_], not starting with a digit, for example rollback");
    }
    return name;
  }

  private static String quote(String name) {
    return '"' + checkSchema(name) + '"';
  }
}
