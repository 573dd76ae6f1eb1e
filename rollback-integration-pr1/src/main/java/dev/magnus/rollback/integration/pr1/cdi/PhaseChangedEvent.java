package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.integration.pr1.TherapeuticPhase;
import java.util.List;
import java.util.Objects;

/**
 * Announce that a session's therapeutic loop entered a phase. Immutable.
 *
 * @param sessionId the session
 * @param phase the phase entered
 * @param findings what led to it
 */
public record PhaseChangedEvent(String sessionId, TherapeuticPhase phase, List<String> findings) {
  /** Validate and copy. */
  public PhaseChangedEvent {
    SessionIds.require(sessionId);
    Objects.requireNonNull(phase, "phase");
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
  }
}
