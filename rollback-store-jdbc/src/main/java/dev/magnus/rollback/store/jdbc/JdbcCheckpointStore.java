package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Keep checkpoints in PostgreSQL.
 *
 * <p>Design: every operation borrows a connection from the {@link DataSource}; writes run in one
 * transaction each, reads in auto-commit. An append, a delete and a deleteSession first lock the
 * session's row in {@code rollback_sessions} (an upsert for appends), so they are serialized per
 * session across every node, while different sessions never wait for each other. Under that lock an
 * append checks the session's deletion history (see {@link #checkLineage}), then inserts: the unique
 * constraints on (session_id, sequence) and checkpoint_id are the compare-and-set, and their
 * violation (SQLState 23505) rolls the transaction back and becomes a
 * {@link CheckpointConflictException} naming the winner. Deletions record the highest sequence they
 * removed, and deleteSession also stamps a tombstone, in the same transaction as the DELETE.
 *
 * <p>Durable: with PostgreSQL's default {@code synchronous_commit=on} an append is on the server's
 * WAL, flushed, when it returns. Thread-safe: the store holds no mutable state but {@code closed};
 * the pool hands each thread its own connection.
 */
final class JdbcCheckpointStore implements CheckpointStore {
  private static final Set<StoreCapability> CAPABILITIES =
      Set.of(StoreCapability.DURABLE, StoreCapability.SHARED, StoreCapability.TOMBSTONES);

  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final Sql sql;
  private final Clock clock;
  private final String where;
  private volatile boolean closed;

  JdbcCheckpointStore(DataSource dataSource, AutoCloseable owned, Sql sql, Clock clock, String where) {
    this.dataSource = dataSource;
    this.owned = owned;
    this.sql = sql;
    this.clock = clock;
    this.where = where;
  }

  @Override
  public void append(CheckpointRecord record) {
    appendThenDelete(record, List.of());
  }

  /**
   * Append and delete in one transaction, so that retention after a checkpoint costs no second
   * commit: the session row is locked, the lineage checked, the checkpoint inserted (the
   * compare-and-set), then the deletions applied; a conflict rolls back all of it.
   */
  @Override
  public int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(deletes, "deletes");
    Checkpoint c = record.checkpoint();
    ensureOpen();
    Rows.requireStorable(c);
    Object[] doomed = new HashSet<>(deletes).stream().map(CheckpointId::value).toArray();
    String op = "append checkpoint " + c.id() + " (sequence " + c.sequence() + ") of session '" + c.sessionId() + "'"
        + (doomed.length == 0 ? "" : " and delete " + doomed.length + " older one(s)");
    Transactions.Outcome<Integer> outcome = Transactions.write(dataSource, op, connection -> {
      long deletedHigh = lockSession(connection, c.sessionId());
      checkLineage(connection, c, deletedHigh);
      try (PreparedStatement p = connection.prepareStatement(sql.insert)) {
        Rows.bind(p, c);
        p.setBytes(15, record.payload());
        p.executeUpdate();
      }
      if (doomed.length == 0) {
        return 0;
      }
      try (PreparedStatement p = connection.prepareStatement(sql.deleteIds)) {
        p.setString(1, c.sessionId());
        p.setArray(2, connection.createArrayOf("varchar", doomed));
        return markDeleted(connection, c.sessionId(), p);
      }
    });
    if (outcome.conflict().isPresent()) {
      throw conflict(c, outcome.conflict().get());
    }
    return outcome.value() == null ? 0 : outcome.value();
  }

  private long lockSession(Connection connection, String sessionId) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql.lockSession)) {
      p.setString(1, sessionId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Refuse an append that continues a history this store deleted. Once a session lost checkpoints
   * (deleted_high_sequence above 0), a new checkpoint must descend from a live one, or, without a
   * parent, start the session afresh when it is empty. A node that missed the deletion names a
   * parent that is gone and gets a conflict instead of resurrecting the session or forking it.
   */
  private void checkLineage(Connection connection, Checkpoint c, long deletedHigh) throws SQLException {
    if (deletedHigh == 0) {
      return;
    }
    boolean ok = c.parentId().isPresent()
        ? exists(connection, sql.parentIsLive, c.parentId().get().value(), c.sessionId())
        : !exists(connection, sql.sessionHasCheckpoints, c.sessionId(), null);
    if (!ok) {
      throw new CheckpointConflictException("session '" + c.sessionId() + "' had checkpoints "
          + "deleted up to sequence " + deletedHigh + " and checkpoint " + c.id() + " (sequence " + c.sequence() + ") "
          + c.parentId().map(p -> "descends from " + p + ", which is no longer stored")
              .orElse("starts a new history while the session still holds checkpoints")
          + ": a writer that missed the deletion appended late; reload the session (resume) and retry", c.sessionId(),
          c.id());
    }
  }

  private static boolean exists(Connection connection, String query, String first, String second) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(query)) {
      p.setString(1, first);
      if (second != null) {
        p.setString(2, second);
      }
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  private CheckpointConflictException conflict(Checkpoint c, SQLException cause) {
    String constraint = cause instanceof org.postgresql.util.PSQLException pe && pe.getServerErrorMessage() != null
        ? String.valueOf(pe.getServerErrorMessage().getConstraint()) : "";
    try {
      return constraint.endsWith("_pk") ? idConflict(c, cause) : sequenceConflict(c, cause);
    } catch (StoreException e) {
      cause.addSuppressed(e);
      return new CheckpointConflictException("checkpoint " + c.id() + " (sequence " + c.sequence() + ") of session '"
          + c.sessionId() + "' conflicts with a stored one (" + constraint + "); reload the session and retry",
          c.sessionId(), c.id(), cause);
    }
  }

  private CheckpointConflictException sequenceConflict(Checkpoint c, SQLException cause) {
    return Transactions.read(dataSource, "find the winner of sequence " + c.sequence(), connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.holderOfSequence)) {
        p.setString(1, c.sessionId());
        p.setString(2, c.sessionId());
        p.setLong(3, c.sequence());
        try (ResultSet rs = p.executeQuery()) {
          String winner = rs.next() ? rs.getString(1) + ", the session's newest is sequence " + rs.getLong(2) : "since deleted";
          return new CheckpointConflictException("session '" + c.sessionId() + "' already has sequence " + c.sequence()
              + " (winner: checkpoint " + winner + "): another writer appended first; checkpoint " + c.id()
              + " was not stored; reload the session (resume) and retry", c.sessionId(), c.id(), cause);
        }
      }
    });
  }

  private CheckpointConflictException idConflict(Checkpoint c, SQLException cause) {
    return Transactions.read(dataSource, "find the holder of id " + c.id(), connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.holderOfId)) {
        p.setString(1, c.id().value());
        try (ResultSet rs = p.executeQuery()) {
          String holder = rs.next() ? "session '" + rs.getString(1) + "', winner's sequence " + rs.getLong(2) : "since deleted";
          return new CheckpointConflictException("checkpoint id " + c.id() + " already exists (" + holder
              + "): checkpoint of sequence " + c.sequence() + " of session '" + c.sessionId()
              + "' was not stored; generate a new id", c.sessionId(), c.id(), cause);
        }
      }
    });
  }

  @Override
  public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(id, "id");
    ensureOpen();
    if (!Rows.storable(sessionId)) {
      return Optional.empty();
    }
    return Transactions.read(dataSource, "read checkpoint " + id + " of session '" + sessionId + "'", connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.read)) {
        p.setString(1, sessionId);
        p.setString(2, id.value());
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(new CheckpointRecord(Rows.checkpoint(rs), rs.getBytes(15))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(query, "query");
    ensureOpen();
    if (!Rows.storable(sessionId)) {
      return new ArrayList<>();
    }
    boolean byType = !query.types().isEmpty();
    return Transactions.read(dataSource, "list checkpoints of session '" + sessionId + "'", connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.list(byType, query.ascending()))) {
        int i = 1;
        p.setString(i++, sessionId);
        p.setLong(i++, query.fromSequence());
        p.setLong(i++, query.toSequence());
        if (byType) {
          p.setArray(i++, connection.createArrayOf("varchar", query.types().stream().map(Enum::name).toArray()));
        }
        p.setInt(i, query.limit());
        return Rows.checkpoints(p);
      }
    });
  }

  @Override
  public Optional<Checkpoint> latest(String sessionId) {
    SessionIds.require(sessionId);
    ensureOpen();
    if (!Rows.storable(sessionId)) {
      return Optional.empty();
    }
    return Transactions.read(dataSource, "find the newest checkpoint of session '" + sessionId + "'", connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.latest)) {
        p.setString(1, sessionId);
        return Rows.checkpoints(p).stream().findFirst();
      }
    });
  }

  @Override
  public int delete(String sessionId, Collection<CheckpointId> ids) {
    SessionIds.require(sessionId);
    Objects.requireNonNull(ids, "ids");
    ensureOpen();
    Object[] values = new HashSet<>(ids).stream().map(CheckpointId::value).toArray();
    if (values.length == 0 || !Rows.storable(sessionId)) {
      return 0;
    }
    String op = "delete " + values.length + " checkpoint(s) of session '" + sessionId + "'";
    return Transactions.write(dataSource, op, connection -> {
      if (!lockExisting(connection, sessionId, false)) {
        return 0;
      }
      try (PreparedStatement p = connection.prepareStatement(sql.deleteIds)) {
        p.setString(1, sessionId);
        p.setArray(2, connection.createArrayOf("varchar", values));
        return markDeleted(connection, sessionId, p);
      }
    }).orThrow(op);
  }

  @Override
  public int deleteSession(String sessionId) {
    SessionIds.require(sessionId);
    ensureOpen();
    if (!Rows.storable(sessionId)) {
      return 0;
    }
    String op = "delete session '" + sessionId + "'";
    return Transactions.write(dataSource, op, connection -> {
      if (!lockExisting(connection, sessionId, true)) {
        return 0;
      }
      try (PreparedStatement p = connection.prepareStatement(sql.deleteSession)) {
        p.setString(1, sessionId);
        return markDeleted(connection, sessionId, p);
      }
    }).orThrow(op);
  }

  /** Lock the session's row if it exists (no row: nothing was ever appended); stamp the tombstone if asked. */
  private boolean lockExisting(Connection connection, String sessionId, boolean tombstone) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql.tombstone)) {
      p.setObject(1, tombstone ? clock.millis() : null, java.sql.Types.BIGINT);
      p.setString(2, sessionId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  private int markDeleted(Connection connection, String sessionId, PreparedStatement delete) throws SQLException {
    long high = 0;
    int count = 0;
    try (ResultSet rs = delete.executeQuery()) {
      while (rs.next()) {
        high = Math.max(high, rs.getLong(1));
        count++;
      }
    }
    if (count > 0) {
      try (PreparedStatement p = connection.prepareStatement(sql.markDeleted)) {
        p.setLong(1, high);
        p.setString(2, sessionId);
        p.executeUpdate();
      }
    }
    return count;
  }

  @Override
  public Set<String> sessions() {
    ensureOpen();
    return Transactions.read(dataSource, "list sessions", connection -> {
      Set<String> result = new HashSet<>();
      try (PreparedStatement p = connection.prepareStatement(sql.sessions); ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
      return result;
    });
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    return Transactions.read(dataSource, "compute stats", connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.stats); ResultSet rs = p.executeQuery();
          PreparedStatement t = connection.prepareStatement(sql.tombstones); ResultSet ts = t.executeQuery()) {
        rs.next();
        ts.next();
        return new StoreStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), 0, Map.of("tombstones", ts.getLong(1)));
      }
    });
  }

  @Override
  public Set<StoreCapability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        System.getLogger(JdbcCheckpointStore.class.getName()).log(System.Logger.Level.WARNING,
            "closing the connection pool of " + where + " failed", e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClosedException("the PostgreSQL store (" + where + ") is closed: create a new store");
    }
  }
}
