package dev.magnus.rollback.spi;

import dev.magnus.rollback.AuditEntry;

/**
 * Receive every audit entry as it is written, for keeping beyond the in-memory bound (a file, a log
 * pipeline). Called by one thread at a time, in entry order, under the audit log's drain lock: keep it
 * fast. That thread is not necessarily the one whose operation made the entry (whoever drains the
 * queued entries calls the sinks), so do not rely on thread-locals of the caller. A sink that throws
 * is logged; the audited operation still succeeds. Implementations must be thread-safe.
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
