package dev.magnus.rollback.spi;

import dev.magnus.rollback.AuditEntry;

/**
 * Receive every audit entry as it is written, for keeping beyond the in-memory bound (a file, a log
 * pipeline). Called under the audit log's lock, in entry order: keep it fast. A sink that throws is
 * logged; the audited operation still succeeds. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditSink {
  /**
   * Accept one entry.
   *
   * @param entry the entry, already hash-chained
   */
  void accept(AuditEntry entry);
}
