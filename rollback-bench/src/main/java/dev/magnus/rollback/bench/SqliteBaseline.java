package dev.magnus.rollback.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite (sqlite-jdbc) as a checkpoint store: WAL journal, {@code synchronous=FULL} (the WAL is
 * synced at every commit, so an acknowledged checkpoint survives a power loss, like the file store's
 * {@code always}), one autocommit INSERT per checkpoint into a table with the same fields (id,
 * session, sequence, type, payload) and the same uniqueness rules (id; session + sequence).
 *
 * <p>Writers share one connection behind a fair lock. SQLite admits one writer at a time per
 * database anyway; with a connection per writer, the losers of the write lock wait in SQLite's busy
 * handler, which sleeps in steps of milliseconds, so the shared connection is the faster of the two
 * choices: this baseline gives SQLite its best case. Thread-safe.
 */
public final class SqliteBaseline implements RecordSink {
  private final Connection connection;
  private final PreparedStatement insert;
  private final ReentrantLock lock = new ReentrantLock(true);

  private SqliteBaseline(Connection connection) throws SQLException {
    this.connection = connection;
    this.insert = connection.prepareStatement(
        "INSERT INTO checkpoints (id, session, sequence, type, payload) VALUES (?, ?, ?, ?, ?)");
  }

  /**
   * Open (or create) a database file.
   *
   * @param file the database file
   * @return the open baseline
   * @throws SQLException if SQLite fails
   */
  public static SqliteBaseline open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("CREATE TABLE IF NOT EXISTS checkpoints (id TEXT PRIMARY KEY, session TEXT NOT NULL, "
          + "sequence INTEGER NOT NULL, type TEXT NOT NULL, payload BLOB NOT NULL, UNIQUE (session, sequence))");
      return new SqliteBaseline(c);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void append(BenchRecord r) throws SQLException {
    lock.lock();
    try {
      insert.setString(1, r.id());
      insert.setString(2, r.session());
      insert.setLong(3, r.sequence());
      insert.setString(4, r.type());
      insert.setBytes(5, r.payload());
      insert.executeUpdate();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Read a record back by id.
   *
   * @param id the id
   * @return the record, empty if absent
   * @throws SQLException if SQLite fails
   */
  public Optional<BenchRecord> read(String id) throws SQLException {
    lock.lock();
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT id, session, sequence, type, payload FROM checkpoints WHERE id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(new BenchRecord(rs.getString(1), rs.getString(2), rs.getLong(3),
            rs.getString(4), rs.getBytes(5))) : Optional.empty();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Return a pragma's current value, for checking the settings.
   *
   * @param name the pragma, for example {@code journal_mode}
   * @return its value as text
   * @throws SQLException if SQLite fails
   */
  public String pragma(String name) throws SQLException {
    lock.lock();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      insert.close();
      connection.close();
    } finally {
      lock.unlock();
    }
  }
}
