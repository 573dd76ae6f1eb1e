package dev.magnus.rollback;

import java.util.List;

/**
 * Read the engine's audit log: bounded, hash-chained, filterable by session. Thread-safe.
 *
 * <p>When more than {@code audit.maxEntries} entries have been written the oldest are dropped from
 * memory (an {@link dev.magnus.rollback.spi.AuditSink} keeps them all); the chain stays verifiable
 * from the oldest retained entry.
 */
public interface AuditLog {
  /**
   * Return every retained entry, oldest first.
   *
   * @return a snapshot copy
   */
  List<AuditEntry> entries();

  /**
   * Return the retained entries of one session, oldest first.
   *
   * @param sessionId the session
   * @return a snapshot copy
   */
  List<AuditEntry> entries(String sessionId);

  /**
   * Check the hash chain of the retained entries.
   *
   * @return the result, naming the first entry that does not match when the chain is broken
   */
  AuditVerification verify();

  /**
   * Check the hash chain of a list of entries, for example read back from a sink.
   *
   * @param entries entries, oldest first
   * @return the result
   */
  AuditVerification verify(List<AuditEntry> entries);
}
