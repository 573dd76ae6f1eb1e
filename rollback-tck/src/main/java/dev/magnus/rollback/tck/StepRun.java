package dev.magnus.rollback.tck;

import dev.magnus.rollback.SessionState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Record one call of a scripted step's action, as {@link ScriptedRecoveryContext#stepRuns()} returns it.
 *
 * @param step the step's name
 * @param attempt which call of this step's action it was, from 1
 * @param input the state the action was given
 * @param started the virtual instant it started
 * @param ended the virtual instant it ended, empty while it runs
 * @param status how it ended so far
 */
public record StepRun(String step, int attempt, SessionState input, Instant started, Optional<Instant> ended,
    Status status) {
  /** Check the fields. */
  public StepRun {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(ended, "ended");
    Objects.requireNonNull(status, "status");
  }

  /** How a call of a step's action ended. */
  public enum Status {
    /** Still running. */
    RUNNING,
    /** Returned a state. */
    SUCCEEDED,
    /** Threw, as scripted. */
    FAILED,
    /** Was hanging and got interrupted: cut by a time limit. */
    CUT,
    /** Was hanging when the context was closed. */
    RELEASED
  }

  StepRun end(Instant at, Status how) {
    return new StepRun(step, attempt, input, started, Optional.of(at), how);
  }
}
