package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.integration.pr1.DetectedPattern;
import java.util.List;
import java.util.Objects;

/**
 * Announce that the pattern engine detected patterns in a session's code. Immutable.
 *
 * @param sessionId the session the detection belongs to
 * @param patterns what was detected
 */
public record PatternsDetectedEvent(String sessionId, List<DetectedPattern> patterns) {
  /** Validate and copy. */
  public PatternsDetectedEvent {
    SessionIds.require(sessionId);
    patterns = List.copyOf(Objects.requireNonNull(patterns, "patterns"));
  }
}
