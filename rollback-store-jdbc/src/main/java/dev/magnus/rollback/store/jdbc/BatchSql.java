package dev.magnus.rollback.store.jdbc;

/**
 * Build the SQL of the appends: statements sent together in one round trip, in auto-commit, so that
 * they run as one implicit transaction, committed once (or rolled back whole at the first error).
 * Stateless.
 *
 * <p>Every form first locks the row in {@code rollback_sessions} of each session it appends to
 * (creating missing rows), in session-id order, so that two batches never wait for each other in a
 * cycle. An upsert whose {@code DO UPDATE} has a false {@code WHERE} locks a row it finds without
 * writing a new version of it. The next statement runs with a snapshot taken after those locks were
 * granted, so it sees every deletion committed before, and checks each record's lineage (the rule of
 * {@link JdbcCheckpointStore}).
 *
 * <p>A batch of several appends (one per session) then runs one statement: it inserts the records
 * whose lineage holds with {@code ON CONFLICT DO NOTHING} (a record that finds its (session, sequence)
 * or id taken is simply not inserted, and the others are), deletes the retention victims of the
 * records that were inserted, raises {@code deleted_high_sequence} for what it deleted, and returns one
 * row per record: its position, the lineage verdict, the session's {@code deleted_high_sequence},
 * whether it was inserted, and how many checkpoints it deleted. Its parameters are arrays with one
 * element per record: the session ids (for the lock), then checkpoint ids, session ids, sequences,
 * parent ids (null elements for none), types, descriptions, created epoch seconds, created nanos,
 * labels, state hashes, chain hashes, raw sizes, stored sizes, compressions, payloads; then, only in
 * the form for batches with deletions, the deletions as two arrays of equal length, the position
 * (1-based) of the record that asks for it and the id to delete. A batch without deletions runs a form
 * without the deletion steps. In the form with them, the join that finds the rows to delete starts
 * from the ids (a fenced subquery, joined to the inserted records once) and looks each up in its
 * session: left to the planner, it started from the records, read each session's index entries (dead
 * ones included) and re-read the id list for every entry, which grew with the sessions' history (75 to
 * 280 ms per batch of 32 after a few thousand retention deletions, against 4 ms fenced). Its plan is made
 * generic for the transaction (planned once per connection: a custom plan of this statement costs more
 * than a small batch's inserts).
 *
 * <p>A batch of one, the path of a lone writer, runs plain statements that cost no more to plan and run
 * than a bare insert: the lock, a plain {@code INSERT} whose sequence becomes 0 when the lineage check
 * fails (so the table's {@code CHECK (sequence >= 1)} refuses it, SQLState 23514, and the transaction
 * rolls back; a taken (session, sequence) or id fails with 23505), then, only when it has deletions,
 * the {@code DELETE} and the {@code deleted_high_sequence} update, which run only if the insert did.
 * Parameters: the session id, then the fourteen columns of {@link Sql#COLUMNS} and the payload as
 * scalars, then, with deletions, the session id, the ids to delete as an array, the session id.
 */
final class BatchSql {
  private static final String ARRAYS = "unnest(?::varchar[], ?::text[], ?::int8[], ?::varchar[], ?::varchar[], "
      + "?::text[], ?::int8[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::varchar[], "
      + "?::bytea[]) WITH ORDINALITY AS t(" + Sql.COLUMNS + ", payload, ord)";

  private BatchSql() {}

  /** Make this transaction's plans generic: planned once per connection, not at every batch. */
  static final String GENERIC_PLANS = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";

  /** The constraint whose violation (SQLState 23514) means a batch of one failed its lineage check. */
  static final String LINEAGE_CHECK = "rollback_checkpoints_sequence_check";

  static String lockSessions(String sessions, boolean one) {
    return "INSERT INTO " + sessions + " (session_id) SELECT s FROM " + (one ? "(VALUES (?::text))" : "unnest(?::text[])")
        + " AS u(s) ORDER BY s "
        + "ON CONFLICT (session_id) DO UPDATE SET session_id = EXCLUDED.session_id WHERE false";
  }

  /** The generic-plan setting, the lock and the statement of a batch of several appends, with or without deletions. */
  static String batch(String cps, String sessions, boolean deletes) {
    return GENERIC_PLANS + ";\n" + lockSessions(sessions, false) + ";\n" + append(cps, sessions, deletes);
  }

  private static String append(String cps, String sessions, boolean deletes) {
    String lineage = lineage(cps, "c.deleted_high");
    return "WITH checked AS (SELECT t.*, (SELECT s.deleted_high_sequence FROM " + sessions + " s "
        + "WHERE s.session_id = t.session_id) AS deleted_high FROM " + ARRAYS + "),\n"
        + "ins AS (INSERT INTO " + cps + " (" + Sql.COLUMNS + ", payload) SELECT " + Sql.COLUMNS + ", payload "
        + "FROM checked c WHERE " + lineage + " ORDER BY checkpoint_id, ord ON CONFLICT DO NOTHING "
        + "RETURNING checkpoint_id, session_id),\n"
        + "won AS (SELECT c.ord, c.session_id FROM checked c JOIN ins ON ins.checkpoint_id = c.checkpoint_id "
        + "AND ins.session_id = c.session_id)" + (deletes ? deletions(cps, sessions) : "") + "\n"
        + "SELECT c.ord, EXISTS (SELECT 1 FROM won w WHERE w.ord = c.ord) OR " + lineage + ", c.deleted_high, "
        + "EXISTS (SELECT 1 FROM won w WHERE w.ord = c.ord), "
        + (deletes ? "(SELECT count(*) FROM del WHERE del.ord = c.ord) " : "0::int8 ")
        + "FROM checked c ORDER BY c.ord";
  }

  /** The deletions of the inserted records: {@code OFFSET 0} keeps the id list the outer side of the join. */
  private static String deletions(String cps, String sessions) {
    return ",\ndel AS (DELETE FROM " + cps + " d USING (SELECT x.ord, x.checkpoint_id, w.session_id "
        + "FROM unnest(?::int8[], ?::varchar[]) AS x(ord, checkpoint_id) JOIN won w ON w.ord = x.ord OFFSET 0) v "
        + "WHERE d.checkpoint_id = v.checkpoint_id AND d.session_id = v.session_id RETURNING v.ord, d.session_id, d.sequence),\n"
        + "mark AS (UPDATE " + sessions + " s SET deleted_high_sequence = GREATEST(s.deleted_high_sequence, h.high) "
        + "FROM (SELECT session_id, max(sequence) AS high FROM del GROUP BY session_id) h "
        + "WHERE s.session_id = h.session_id)";
  }

  /** The lock, then the insert of a batch of one; with {@code deletes}, then its deletions. */
  static String one(String cps, String sessions, boolean deletes) {
    String values = "(VALUES (?::varchar, ?::text, ?::int8, ?::varchar, ?::varchar, ?::text, ?::int8, ?::int4, "
        + "?::text, ?::text, ?::text, ?::int8, ?::int8, ?::varchar, ?::bytea)) AS c(" + Sql.COLUMNS + ", payload)";
    String selected = ("c." + Sql.COLUMNS.replace(", ", ", c.") + ", c.payload")
        .replace("c.sequence,", "CASE WHEN " + lineage(cps, "(SELECT s.deleted_high_sequence FROM " + sessions
            + " s WHERE s.session_id = c.session_id)") + " THEN c.sequence ELSE 0 END,");
    String insert = "INSERT INTO " + cps + " (" + Sql.COLUMNS + ", payload) SELECT " + selected + " FROM " + values;
    String delete = "WITH del AS (DELETE FROM " + cps + " WHERE session_id = ? AND checkpoint_id = ANY (?) "
        + "RETURNING sequence), mark AS (UPDATE " + sessions + " SET deleted_high_sequence = "
        + "GREATEST(deleted_high_sequence, (SELECT max(sequence) FROM del)) WHERE session_id = ? AND EXISTS "
        + "(SELECT 1 FROM del)) SELECT count(*) FROM del";
    return lockSessions(sessions, true) + ";\n" + insert + (deletes ? ";\n" + delete : "");
  }

  /**
   * Whether record {@code c} may be appended, given its session's deleted_high_sequence. Scalar
   * subqueries, not {@code EXISTS}: PostgreSQL may turn an {@code EXISTS} into a hash of the whole
   * table, and a generic plan made while the table was small kept doing so as it grew. The parent is
   * found by its id alone (the primary key) and its session compared after: with the session in the
   * condition, plans made on a small table walked the session's index entries instead.
   */
  private static String lineage(String cps, String deletedHigh) {
    return "(" + deletedHigh + " = 0 OR CASE WHEN c.parent_id IS NULL "
        + "THEN (SELECT 1 FROM " + cps + " p WHERE p.session_id = c.session_id LIMIT 1) IS NULL "
        + "ELSE COALESCE((SELECT p.session_id FROM " + cps + " p WHERE p.checkpoint_id = c.parent_id) = c.session_id, "
        + "false) END)";
  }
}
