package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Write one batch of appends ({@link BatchSql}) on a borrowed connection in auto-commit: one prepared
 * statement, one round trip, one commit. Stateless.
 *
 * <p>A database failure becomes {@link AppendOutcome.Failed} for every append of the batch, with
 * whether the batch had reached the server: before that, nothing can have been committed; after it,
 * the server answered with an error (its implicit transaction rolled back whole) or the connection
 * was lost (the commit may or may not have happened). The connection goes back to the pool whatever
 * happens; a failure to close it after a committed batch changes no outcome.
 */
final class BatchAppends implements GroupCommit.Writer {
  private final DataSource dataSource;
  private final Sql sql;

  BatchAppends(DataSource dataSource, Sql sql) {
    this.dataSource = dataSource;
    this.sql = sql;
  }

  @Override
  public List<AppendOutcome> write(List<PendingAppend> batch) {
    return onConnection(batch.size(), batch.size() == 1 ? (c, sent) -> List.of(writeOne(c, batch.get(0), sent))
        : (c, sent) -> writeMany(c, batch, sent));
  }

  /** The statements of one batch on one connection; {@code sent[0]} is set once they go to the server. */
  @FunctionalInterface
  private interface Statements {
    List<AppendOutcome> run(Connection c, boolean[] sent) throws SQLException;
  }

  private List<AppendOutcome> onConnection(int size, Statements statements) {
    boolean[] sent = {false};
    Connection c = null;
    try {
      c = dataSource.getConnection();
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return statements.run(c, sent);
    } catch (SQLException e) {
      return Collections.nCopies(size, new AppendOutcome.Failed(e, sent[0], size));
    } finally {
      closeQuietly(c);
    }
  }

  private List<AppendOutcome> writeMany(Connection c, List<PendingAppend> batch, boolean[] sent) throws SQLException {
    boolean deletes = batch.stream().anyMatch(a -> a.deletes.length > 0);
    try (PreparedStatement p = c.prepareStatement(deletes ? sql.appendBatchThenDelete : sql.appendBatch)) {
      bind(c, p, batch);
      sent[0] = true;
      p.execute(); // the plan setting's row, then the lock's count, then the outcome rows
      p.getMoreResults();
      if (!p.getMoreResults()) {
        throw new SQLException("the batch append returned no result rows", "XX000");
      }
      try (ResultSet rs = p.getResultSet()) {
        return outcomes(rs, batch.size());
      }
    }
  }

  /** A batch of one: a unique violation is its lost compare-and-set, the lineage check's violation its refusal. */
  private AppendOutcome writeOne(Connection c, PendingAppend a, boolean[] sent) throws SQLException {
    boolean deletes = a.deletes.length > 0;
    try (PreparedStatement p = c.prepareStatement(deletes ? sql.appendOneThenDelete : sql.appendOne)) {
      bindOne(c, p, a);
      sent[0] = true;
      try {
        p.execute(); // the lock's count, the insert's count, then with deletions their count
      } catch (SQLException e) {
        return lostOrRefused(e);
      }
      if (!deletes) {
        return new AppendOutcome.Stored(0);
      }
      p.getMoreResults();
      if (!p.getMoreResults()) {
        throw new SQLException("the append returned no count of deleted checkpoints", "XX000");
      }
      try (ResultSet rs = p.getResultSet()) {
        rs.next();
        return new AppendOutcome.Stored(rs.getInt(1));
      }
    }
  }

  private static AppendOutcome lostOrRefused(SQLException e) throws SQLException {
    if (SqlFailures.UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return new AppendOutcome.Lost(e);
    }
    if (SqlFailures.CHECK_VIOLATION.equals(e.getSQLState()) && BatchSql.LINEAGE_CHECK.equals(SqlFailures.constraint(e))) {
      return new AppendOutcome.Refused(-1);
    }
    throw e;
  }

  /** Bind a batch of one as scalars: the session to lock, the columns, the payload, then the deletions. */
  static void bindOne(Connection c, PreparedStatement p, PendingAppend a) throws SQLException {
    Checkpoint cp = a.checkpoint;
    p.setString(1, cp.sessionId());
    p.setString(2, cp.id().value());
    p.setString(3, cp.sessionId());
    p.setLong(4, cp.sequence());
    p.setString(5, cp.parentId().map(CheckpointId::value).orElse(null));
    p.setString(6, cp.type().name());
    p.setString(7, cp.description());
    p.setLong(8, cp.createdAt().getEpochSecond());
    p.setInt(9, cp.createdAt().getNano());
    p.setString(10, Labels.encode(cp.labels()));
    p.setString(11, cp.stateHash());
    p.setString(12, cp.chainHash());
    p.setLong(13, cp.rawSize());
    p.setLong(14, cp.storedSize());
    p.setString(15, cp.compression().name());
    p.setBytes(16, a.payload);
    if (a.deletes.length > 0) {
      p.setString(17, cp.sessionId());
      p.setArray(18, c.createArrayOf("varchar", a.deletes));
      p.setString(19, cp.sessionId());
    }
  }

  /** Bind a batch; the deletions (parameters 17 and 18) only when it has some, as its statement's form expects. */
  static void bind(Connection c, PreparedStatement p, List<PendingAppend> batch) throws SQLException {
    Columns columns = new Columns(batch.size());
    List<Long> deleteOwners = new ArrayList<>();
    List<String> deleteIds = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      PendingAppend a = batch.get(i);
      columns.fill(i, a);
      for (String id : a.deletes) {
        deleteOwners.add(i + 1L);
        deleteIds.add(id);
      }
    }
    columns.bind(c, p);
    if (!deleteIds.isEmpty()) {
      p.setObject(17, deleteOwners.stream().mapToLong(Long::longValue).toArray());
      p.setArray(18, c.createArrayOf("varchar", deleteIds.toArray(new String[0])));
    }
  }

  /** The batch as one array per column of {@link Sql#COLUMNS}, plus the payloads. */
  private static final class Columns {
    final String[] ids;
    final String[] sessions;
    final long[] sequences;
    final String[] parents;
    final String[] types;
    final String[] descriptions;
    final long[] seconds;
    final int[] nanos;
    final String[] labels;
    final String[] stateHashes;
    final String[] chainHashes;
    final long[] rawSizes;
    final long[] storedSizes;
    final String[] compressions;
    final byte[][] payloads;

    Columns(int n) {
      ids = new String[n];
      sessions = new String[n];
      sequences = new long[n];
      parents = new String[n];
      types = new String[n];
      descriptions = new String[n];
      seconds = new long[n];
      nanos = new int[n];
      labels = new String[n];
      stateHashes = new String[n];
      chainHashes = new String[n];
      rawSizes = new long[n];
      storedSizes = new long[n];
      compressions = new String[n];
      payloads = new byte[n][];
    }

    void fill(int i, PendingAppend a) {
      Checkpoint c = a.checkpoint;
      ids[i] = c.id().value();
      sessions[i] = c.sessionId();
      sequences[i] = c.sequence();
      parents[i] = c.parentId().map(CheckpointId::value).orElse(null);
      types[i] = c.type().name();
      descriptions[i] = c.description();
      seconds[i] = c.createdAt().getEpochSecond();
      nanos[i] = c.createdAt().getNano();
      labels[i] = Labels.encode(c.labels());
      stateHashes[i] = c.stateHash();
      chainHashes[i] = c.chainHash();
      rawSizes[i] = c.rawSize();
      storedSizes[i] = c.storedSize();
      compressions[i] = c.compression().name();
      payloads[i] = a.payload;
    }

    /** Bind parameters 1 (the sessions to lock) to 16 (the payloads) of {@link BatchSql}. */
    void bind(Connection c, PreparedStatement p) throws SQLException {
      p.setArray(1, c.createArrayOf("text", sessions));
      p.setArray(2, c.createArrayOf("varchar", ids));
      p.setArray(3, c.createArrayOf("text", sessions));
      p.setObject(4, sequences);
      p.setArray(5, c.createArrayOf("varchar", parents));
      p.setArray(6, c.createArrayOf("varchar", types));
      p.setArray(7, c.createArrayOf("text", descriptions));
      p.setObject(8, seconds);
      p.setObject(9, nanos);
      p.setArray(10, c.createArrayOf("text", labels));
      p.setArray(11, c.createArrayOf("text", stateHashes));
      p.setArray(12, c.createArrayOf("text", chainHashes));
      p.setObject(13, rawSizes);
      p.setObject(14, storedSizes);
      p.setArray(15, c.createArrayOf("varchar", compressions));
      p.setObject(16, payloads);
    }
  }

  /** One outcome per row of the result: position, lineage verdict, deleted_high, inserted, deleted count. */
  private static List<AppendOutcome> outcomes(ResultSet rs, int size) throws SQLException {
    AppendOutcome[] result = new AppendOutcome[size];
    while (rs.next()) {
      int i = rs.getInt(1) - 1;
      result[i] = !rs.getBoolean(2) ? new AppendOutcome.Refused(rs.getLong(3))
          : rs.getBoolean(4) ? new AppendOutcome.Stored(rs.getInt(5)) : new AppendOutcome.Lost(null);
    }
    for (AppendOutcome o : result) {
      if (o == null) {
        throw new SQLException("the batch append returned no row for one of its " + size + " records", "XX000");
      }
    }
    return List.of(result);
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      System.getLogger(BatchAppends.class.getName()).log(System.Logger.Level.WARNING,
          "returning a connection to the pool failed after a batch of appends", e);
    }
  }
}
