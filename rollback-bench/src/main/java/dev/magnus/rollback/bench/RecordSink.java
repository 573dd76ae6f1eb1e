package dev.magnus.rollback.bench;

import java.io.IOException;
import java.sql.SQLException;

/**
 * Store benchmark records durably: the alternatives a user would pick instead of this project's
 * file store. Implementations say whether they are thread-safe.
 */
public interface RecordSink extends AutoCloseable {
  /**
   * Store a record; durable when this returns.
   *
   * @param record the record
   * @throws Exception if the record could not be stored
   */
  void append(BenchRecord record) throws Exception;

  /**
   * Release what the sink holds open.
   *
   * @throws IOException if a file cannot be closed
   * @throws SQLException if a database connection cannot be closed
   */
  @Override
  void close() throws IOException, SQLException;
}
