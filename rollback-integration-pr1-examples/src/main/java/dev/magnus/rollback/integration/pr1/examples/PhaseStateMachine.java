package dev.magnus.rollback.integration.pr1.examples;

import dev.magnus.rollback.integration.pr1.PhaseTransition;
import dev.magnus.rollback.integration.pr1.TherapeuticLoop;
import dev.magnus.rollback.integration.pr1.TherapeuticPhase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Move through the therapeutic phases along allowed transitions only: a reference implementation of
 * {@link TherapeuticLoop}, not PR #1's loop.
 *
 * <p>Allowed by default: INTAKE → ASSESSMENT; ASSESSMENT → OPUS_CONSULTATION, INTERVENTION, CLOSED;
 * OPUS_CONSULTATION → ASSESSMENT, INTERVENTION; INTERVENTION → ASSESSMENT, INTEGRATION;
 * INTEGRATION → ASSESSMENT, CLOSED; nothing leaves CLOSED. Any other transition, including staying
 * in the same phase, is refused with {@link IllegalStateException} and changes nothing. Findings
 * {@linkplain #note noted} in a phase travel with the transition that leaves it.
 *
 * <p>Thread-safe: every method is synchronized.
 */
public final class PhaseStateMachine implements TherapeuticLoop {
  private static final Map<TherapeuticPhase, Set<TherapeuticPhase>> ALLOWED = allowed();
  private TherapeuticPhase phase;
  private final List<String> findings = new ArrayList<>();

  private PhaseStateMachine(TherapeuticPhase start) {
    this.phase = start;
  }

  /**
   * Create a machine in a phase, for example the one a resumed session recorded.
   *
   * @param start the current phase
   * @return the machine
   */
  public static PhaseStateMachine startingAt(TherapeuticPhase start) {
    return new PhaseStateMachine(Objects.requireNonNull(start, "start"));
  }

  private static Map<TherapeuticPhase, Set<TherapeuticPhase>> allowed() {
    Map<TherapeuticPhase, Set<TherapeuticPhase>> m = new EnumMap<>(TherapeuticPhase.class);
    m.put(TherapeuticPhase.INTAKE, EnumSet.of(TherapeuticPhase.ASSESSMENT));
    m.put(TherapeuticPhase.ASSESSMENT, EnumSet.of(TherapeuticPhase.OPUS_CONSULTATION, TherapeuticPhase.INTERVENTION,
        TherapeuticPhase.CLOSED));
    m.put(TherapeuticPhase.OPUS_CONSULTATION, EnumSet.of(TherapeuticPhase.ASSESSMENT, TherapeuticPhase.INTERVENTION));
    m.put(TherapeuticPhase.INTERVENTION, EnumSet.of(TherapeuticPhase.ASSESSMENT, TherapeuticPhase.INTEGRATION));
    m.put(TherapeuticPhase.INTEGRATION, EnumSet.of(TherapeuticPhase.ASSESSMENT, TherapeuticPhase.CLOSED));
    m.put(TherapeuticPhase.CLOSED, EnumSet.noneOf(TherapeuticPhase.class));
    return m;
  }

  /**
   * Tell whether a transition is allowed.
   *
   * @param from the phase left
   * @param to the phase entered
   * @return true if allowed
   */
  public static boolean allows(TherapeuticPhase from, TherapeuticPhase to) {
    return ALLOWED.get(Objects.requireNonNull(from, "from")).contains(Objects.requireNonNull(to, "to"));
  }

  /**
   * Note a finding of the current phase; it travels with the next transition.
   *
   * @param finding the finding
   */
  public synchronized void note(String finding) {
    findings.add(Objects.requireNonNull(finding, "finding"));
  }

  /**
   * Enter a phase if the transition is allowed.
   *
   * @throws IllegalStateException if the transition is not allowed; nothing changes
   */
  @Override
  public synchronized PhaseTransition transitionTo(TherapeuticPhase next) {
    Objects.requireNonNull(next, "next");
    if (!allows(phase, next)) {
      throw new IllegalStateException("illegal therapeutic phase transition " + phase + " -> " + next + "; allowed from "
          + phase + ": " + ALLOWED.get(phase));
    }
    PhaseTransition transition = new PhaseTransition(phase, next, findings);
    findings.clear();
    phase = next;
    return transition;
  }

  @Override
  public synchronized TherapeuticPhase currentPhase() {
    return phase;
  }
}
