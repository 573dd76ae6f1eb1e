package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.IntegrityViolationException;

/** An integrity violation that keeps the bare problem, for tools that word the rest themselves. */
final class CheckpointViolation extends IntegrityViolationException {
  private final String problem;

  CheckpointViolation(Checkpoint c, String problem) {
    this(c, problem, c.id());
  }

  /** A violation found while reading {@code c} whose cause is the checkpoint {@code blamed} (a delta's base). */
  CheckpointViolation(Checkpoint c, String problem, CheckpointId blamed) {
    super("checkpoint " + c.id() + " of session '" + c.sessionId() + "' (sequence " + c.sequence() + ") failed its "
        + "integrity check: " + problem + "; the state was not applied. Roll back to another checkpoint, or run "
        + "recovery", c.sessionId(), blamed);
    this.problem = problem;
  }

  /** Return what did not match, without the checkpoint's name or advice. */
  String problem() {
    return problem;
  }
}
