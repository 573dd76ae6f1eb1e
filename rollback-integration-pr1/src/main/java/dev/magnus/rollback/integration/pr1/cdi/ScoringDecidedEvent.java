package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import java.util.Objects;

/**
 * Announce that the convergence scorer routed a request of a session. Immutable.
 *
 * @param sessionId the session
 * @param decision the routing decision
 */
public record ScoringDecidedEvent(String sessionId, ScoringDecision decision) {
  /** Validate. */
  public ScoringDecidedEvent {
    SessionIds.require(sessionId);
    Objects.requireNonNull(decision, "decision");
  }
}
