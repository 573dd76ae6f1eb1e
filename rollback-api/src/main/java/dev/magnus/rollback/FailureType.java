package dev.magnus.rollback;

/** Classify a failure handed to recovery; the recovery configuration maps each to a strategy. */
public enum FailureType {
  /** The pattern engine failed. */
  PATTERN_DETECTION_ERROR,
  /** The convergence scorer failed. */
  SCORING_CALCULATION_ERROR,
  /** The therapeutic loop failed. */
  THERAPEUTIC_LOOP_ERROR,
  /** Session state was found corrupt. */
  STATE_CORRUPTION,
  /** An operation ran out of time. */
  TIMEOUT,
  /** A downstream service failed. */
  EXTERNAL_SERVICE_ERROR,
  /** State failed validation; not retried by default. */
  VALIDATION_ERROR
}
