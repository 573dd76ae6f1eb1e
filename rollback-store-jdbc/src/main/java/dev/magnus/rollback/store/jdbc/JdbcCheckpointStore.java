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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Keep checkpoints in PostgreSQL.
 *
 * <p>Design: every operation borrows a connection from the {@link DataSource}; writes run in one
 * transaction each, reads in auto-commit. Appends from concurrent callers are coalesced by
 * {@link GroupCommit} into batches, each one transaction sent in one round trip ({@link BatchSql}); a
 * lone caller's batch holds only its own append and is written on its own thread. A batch first locks
 * the row in {@code rollback_sessions} of each of its sessions (one append per session per batch), as
 * a delete and a deleteSession lock their session's row, so writes are serialized per session across
 * every node, while different sessions never wait for each other. Then, with those locks held, each
 * record's lineage is checked against the session's deletion history (see {@link #lineageRefused}) and
 * the records that pass are inserted: the unique constraints on (session_id, sequence) and
 * checkpoint_id are the compare-and-set; a record that finds either taken is left out (the others of
 * its batch are not) and its caller gets a {@link CheckpointConflictException} naming the winner. The
 * retention deletions of an inserted record run in the same transaction. Deletions record the highest
 * sequence they removed, and deleteSession also stamps a tombstone, in the same transaction as the
 * DELETE. A batch that fails fails every caller in it, and none of it is committed; a connection lost
 * once the batch was sent leaves its outcome unknown, and every caller is told so.
 *
 * <p>Durable: with PostgreSQL's default {@code synchronous_commit=on} an append is on the server's
 * WAL, flushed, when it returns. Thread-safe: the store's mutable state is {@code closed} and the group
 * commit's queue (guarded by its lock); the pool hands each batch and each other operation its own
 * connection.
 */
final class JdbcCheckpointStore implements CheckpointStore {
  private static final Set<StoreCapability> CAPABILITIES =
      Set.of(StoreCapability.DURABLE, StoreCapability.SHARED, StoreCapability.TOMBSTONES);
  /** The most appends one batch holds. */
  static final int MAX_BATCH = 128;
  /** The payload bytes past which a batch takes no more appends (it always takes one). */
  static final long MAX_BATCH_BYTES = 8L << 20;
  /** The longest a writer waits for the callers of the last batch to come back (GroupCommit#gather). */
  static final long MAX_GATHER_NANOS = 1_000_000L;

  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final Sql sql;
  private final Clock clock;
  private final String where;
  private final GroupCommit groupCommit;
  private volatile boolean closed;

  JdbcCheckpointStore(DataSource dataSource, AutoCloseable owned, Sql sql, Clock clock, String where, int writers) {
    this.dataSource = dataSource;
    this.owned = owned;
    this.sql = sql;
    this.clock = clock;
    this.where = where;
    this.groupCommit = new GroupCommit(writers, MAX_BATCH, MAX_BATCH_BYTES, MAX_GATHER_NANOS, new BatchAppends(dataSource, sql));
  }

  @Override
  public void append(CheckpointRecord record) {
    appendThenDelete(record, List.of());
  }

  /**
   * Append and delete in one transaction, so that retention after a checkpoint costs no second
   * commit; concurrent callers share that transaction ({@link GroupCommit}). A conflict or a refused
   * lineage leaves this caller's record and deletions out and the other appends of the batch in.
   */
  @Override
  public int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(deletes, "deletes");
    Checkpoint c = record.checkpoint();
    ensureOpen();
    Rows.requireStorable(c);
    String[] doomed = new LinkedHashSet<>(deletes).stream().map(CheckpointId::value).toArray(String[]::new);
    AppendOutcome outcome = groupCommit.submit(groupCommit.pending(c, record.payload(), doomed));
    if (outcome instanceof AppendOutcome.Stored stored) {
      return stored.deleted();
    }
    if (outcome instanceof AppendOutcome.Refused refused) {
      throw lineageRefused(c, refused.deletedHigh() >= 0 ? refused.deletedHigh() : deletedHigh(c.sessionId()));
    }
    if (outcome instanceof AppendOutcome.Lost lost) {
      throw conflict(c, lost.cause());
    }
    throw failure((AppendOutcome.Failed) outcome, c, doomed.length);
  }

  /**
   * Explain a refused lineage. Once a session lost checkpoints (deleted_high_sequence above 0), a new
   * checkpoint must descend from a live one, or, without a parent, start the session afresh when it is
   * empty. A node that missed the deletion names a parent that is gone and gets a conflict instead of
   * resurrecting the session or forking it.
   */
  private static CheckpointConflictException lineageRefused(Checkpoint c, long deletedHigh) {
    return new CheckpointConflictException("session '" + c.sessionId() + "' had checkpoints "
        + "deleted up to sequence " + deletedHigh + " and checkpoint " + c.id() + " (sequence " + c.sequence() + ") "
        + c.parentId().map(p -> "descends from " + p + ", which is no longer stored")
            .orElse("starts a new history while the session still holds checkpoints")
        + ": a writer that missed the deletion appended late; reload the session (resume) and retry", c.sessionId(),
        c.id());
  }

  /** Read how far the session's deletions reached, for the message of a refusal (0 if the row is gone). */
  private long deletedHigh(String sessionId) {
    return Transactions.read(dataSource, "read the deletion history of session '" + sessionId + "'", connection -> {
      try (PreparedStatement p = connection.prepareStatement(sql.deletedHigh)) {
        p.setString(1, sessionId);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  private static RuntimeException failure(AppendOutcome.Failed failed, Checkpoint c, int deletes) {
    String op = "append checkpoint " + c.id() + " (sequence " + c.sequence() + ") of session '" + c.sessionId() + "'"
        + (deletes == 0 ? "" : " and delete " + deletes + " older one(s)")
        + (failed.batchSize() == 1 ? "" : ", one of " + failed.batchSize() + " appends committed together");
    if (failed.cause() instanceof SQLException e) {
      return failed.sent() && SqlFailures.connectionLost(e) ? SqlFailures.unknownOutcome(op, e) : SqlFailures.of(op, e);
    }
    return new StoreException("the PostgreSQL store could not " + op + ": " + failed.cause() + "; the outcome is "
        + "unknown, so read the checkpoint (or latest) before retrying", c.sessionId(), c.id(), failed.cause());
  }

  /**
   * Name the winner: the holder of what the unique violation names (the id for the primary key), or,
   * when a batch left the record out without one, the holder of the id if any (the primary key is
   * checked first), else of the sequence.
   */
  private CheckpointConflictException conflict(Checkpoint c, @Nullable SQLException cause) {
    String constraint = cause == null ? "" : SqlFailures.constraint(cause);
    try {
      return Transactions.read(dataSource, "find the winner of checkpoint " + c.id(), connection -> {
        Optional<CheckpointConflictException> byId = cause != null && !constraint.endsWith("_pk") ? Optional.empty()
            : idConflict(connection, c, cause);
        return byId.isPresent() ? byId.get() : sequenceConflict(connection, c, cause);
      });
    } catch (StoreException e) {
      if (cause != null) {
        e.addSuppressed(cause);
      }
      return new CheckpointConflictException("checkpoint " + c.id() + " (sequence " + c.sequence() + ") of session '"
          + c.sessionId() + "' conflicts with a stored one (" + constraint + "); reload the session and retry",
          c.sessionId(), c.id(), e);
    }
  }

  private CheckpointConflictException sequenceConflict(Connection connection, Checkpoint c, @Nullable SQLException cause)
      throws SQLException {
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
  }

  private Optional<CheckpointConflictException> idConflict(Connection connection, Checkpoint c,
      @Nullable SQLException cause) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql.holderOfId)) {
      p.setString(1, c.id().value());
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String holder = "session '" + rs.getString(1) + "', winner's sequence " + rs.getLong(2);
        return Optional.of(new CheckpointConflictException("checkpoint id " + c.id() + " already exists (" + holder
            + "): checkpoint of sequence " + c.sequence() + " of session '" + c.sessionId()
            + "' was not stored; generate a new id", c.sessionId(), c.id(), cause));
      }
    }
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
        Map<String, Long> extra = new LinkedHashMap<>(groupCommit.batchCounts());
        extra.put("tombstones", ts.getLong(1));
        return new StoreStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), 0, extra);
      }
    });
  }

  /** How many appends wait for a batch now (tests hold a batch in flight and wait for others to queue). */
  int queuedAppends() {
    return groupCommit.queued();
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
