package dev.magnus.rollback;

import java.util.Map;
import java.util.Objects;

/**
 * Report one retention sweep over every stored session ({@link SessionRollbackEngine#cleanup()}, or
 * the engine's scheduled sweep). Immutable.
 *
 * @param sessions the sessions the store listed
 * @param pruned the sessions retention deleted checkpoints of
 * @param deleted the checkpoints deleted, in all sessions
 * @param skipped the sessions left for the next sweep because an operation held them (scheduled sweeps
 *     never wait for a session)
 * @param failures the sessions whose sweep failed, with the error; the others were swept
 */
public record CleanupResult(int sessions, int pruned, long deleted, int skipped, Map<String, String> failures) {
  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public CleanupResult {
    if (sessions < 0 || pruned < 0 || deleted < 0 || skipped < 0) {
      throw new IllegalArgumentException("cleanup counts must be >= 0, were sessions=" + sessions + ", pruned="
          + pruned + ", deleted=" + deleted + ", skipped=" + skipped);
    }
    failures = Map.copyOf(Objects.requireNonNull(failures, "failures"));
  }
}
