package dev.magnus.rollback;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Record one audited action. Immutable.
 *
 * <p>{@code hash} is the hex SHA-256 over {@code previousHash} and every other field, so the log
 * forms a chain that {@link AuditLog#verify()} checks: a changed, inserted or removed entry breaks it.
 *
 * @param entryId monotonic number, 1 for the first entry of an engine
 * @param action what happened
 * @param timestamp when
 * @param sessionId the session concerned; empty for engine-wide entries
 * @param details key/value details (never secrets); sorted by key
 * @param outcome how it ended
 * @param previousHash the hash of the previous entry ("" for the first)
 * @param hash this entry's hash
 */
public record AuditEntry(
    long entryId,
    AuditAction action,
    Instant timestamp,
    Optional<String> sessionId,
    Map<String, String> details,
    Outcome outcome,
    String previousHash,
    String hash) {

  /** Validate and copy. */
  public AuditEntry {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
    details = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(details, "details")));
  }
}
