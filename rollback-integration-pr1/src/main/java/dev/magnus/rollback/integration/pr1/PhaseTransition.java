package dev.magnus.rollback.integration.pr1;

import java.util.List;
import java.util.Objects;

/**
 * Report a phase change of the therapeutic loop. Immutable.
 *
 * @param from the phase left
 * @param to the phase entered
 * @param findings what the loop found in the phase it left, in order
 */
public record PhaseTransition(TherapeuticPhase from, TherapeuticPhase to, List<String> findings) {
  /** Validate and copy. */
  public PhaseTransition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
  }
}
