package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.integration.pr1.DetectedPattern;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import dev.magnus.rollback.integration.pr1.TherapeuticPhase;
import java.util.List;
import java.util.Objects;

/**
 * Hold the events a PR #1 component fires into the CDI container for {@link Pr1EventObservers} to
 * record in its session: patterns detected, a scoring decision, a therapeutic phase change. Each names
 * its session. Immutable records; this class only groups them.
 */
public final class Pr1Events {
  private Pr1Events() {}

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
}
