package dev.magnus.rollback;

/** Name why a checkpoint was taken. */
public enum CheckpointType {
  /** The first checkpoint of a session, written by initialize. */
  SESSION_START,
  /** Taken after a significant pattern was detected. */
  PATTERN_MILESTONE,
  /** Taken after a routing (scoring) decision. */
  SCORING_DECISION,
  /** Taken on a therapeutic-loop phase transition. */
  THERAPEUTIC_PHASE,
  /** Taken on explicit request, for example before a risky operation. */
  USER_REQUESTED,
  /** Taken by the periodic timer. */
  AUTO_PERIODIC,
  /** The state just before a rollback, so that the rollback itself can be undone. */
  PRE_ROLLBACK,
  /** The state a rollback or recovery restored; the commit point of that rollback. */
  RECOVERY_POINT;

  /**
   * Tell whether this type is an automatic checkpoint, subject to the auto-checkpoint switches and
   * {@link CheckpointConfig#minInterval()}.
   *
   * @return true for PATTERN_MILESTONE, SCORING_DECISION, THERAPEUTIC_PHASE and AUTO_PERIODIC
   */
  public boolean isAutomatic() {
    return this == PATTERN_MILESTONE
        || this == SCORING_DECISION
        || this == THERAPEUTIC_PHASE
        || this == AUTO_PERIODIC;
  }
}
