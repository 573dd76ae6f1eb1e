package dev.magnus.rollback;

import java.util.Map;
import java.util.Objects;

/**
 * Figures of an engine and its store, from {@link SessionRollbackEngine#stats()}. Immutable.
 *
 * @param storedSessions sessions with at least one checkpoint in the store
 * @param storedCheckpoints live checkpoints in the store
 * @param payloadBytes stored payload bytes
 * @param corruptions damaged records the store found and quarantined
 * @param storeFigures figures particular to the store (names are the store's)
 * @param openSessions sessions open in this engine
 * @param auditEntries audit entries held in memory
 */
public record EngineStats(long storedSessions, long storedCheckpoints, long payloadBytes, long corruptions,
    Map<String, Long> storeFigures, int openSessions, int auditEntries) {
  /** Validate and copy. */
  public EngineStats {
    storeFigures = Map.copyOf(Objects.requireNonNull(storeFigures, "storeFigures"));
  }
}
