package dev.magnus.rollback.integration.pr1;

/** Name a phase of the therapeutic loop. Which transitions are legal is the loop's business. */
public enum TherapeuticPhase {
  /** The request has arrived; nothing is known yet. */
  INTAKE,
  /** Patterns and scores are being gathered. */
  ASSESSMENT,
  /** A stronger model (Opus) is consulted on the findings. */
  OPUS_CONSULTATION,
  /** A fix or a route is being applied. */
  INTERVENTION,
  /** The outcome is being folded back into the session. */
  INTEGRATION,
  /** The loop has ended. */
  CLOSED
}
