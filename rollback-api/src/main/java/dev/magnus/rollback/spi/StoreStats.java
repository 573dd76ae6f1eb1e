package dev.magnus.rollback.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Report a store's size and health at one moment. Immutable.
 *
 * @param sessions sessions with at least one live checkpoint
 * @param checkpoints live checkpoints
 * @param payloadBytes payload bytes of the live checkpoints
 * @param corruptions corrupt records found (and quarantined) since the store opened
 * @param extra store-specific figures, for example {@code segments} or {@code forces}
 */
public record StoreStats(long sessions, long checkpoints, long payloadBytes, long corruptions, Map<String, Long> extra) {
  /** Copy. */
  public StoreStats {
    extra = Map.copyOf(Objects.requireNonNull(extra, "extra"));
  }
}
