package dev.magnus.rollback.strategies;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.ValidationResult;
import dev.magnus.rollback.spi.RecoveryContext;
import java.util.List;
import java.util.Optional;

/*
 * Which checkpoints a strategy may restore, and whether one is good.
 *
 * PRE_ROLLBACK checkpoints are never candidates. A PRE_ROLLBACK holds the state that was current
 * when a rollback began, and rollbacks begin because that state was bad: it usually passes the hash
 * check and often the validator (which checks structure, not the fault that triggered recovery), so
 * restoring it would bring the failure back. Every restore also writes one, so letting them compete
 * would make each recovery a candidate for undoing the previous one. They stay in the history for a
 * deliberate, manual rollback. RECOVERY_POINT checkpoints are candidates: they hold restored states.
 *
 * A checkpoint is good when load() verifies and decodes it and the engine's validator accepts the
 * state; any RollbackException from load() (integrity violation, checkpoint gone) makes it bad.
 */
final class Candidates {
  private Candidates() {}

  /** The checkpoints a strategy may restore, oldest first. */
  static List<Checkpoint> oldestFirst(RecoveryContext context) {
    return context.checkpoints().stream().filter(c -> c.type() != CheckpointType.PRE_ROLLBACK).toList();
  }

  /** Why the checkpoint is not good, or empty when it is. */
  static Optional<String> problem(RecoveryContext context, Checkpoint checkpoint) {
    SessionState state;
    try {
      state = context.load(checkpoint.id());
    } catch (RollbackException e) {
      return Optional.of(Causes.describe(e));
    }
    ValidationResult verdict = context.validate(state);
    return verdict.isValid()
        ? Optional.empty()
        : Optional.of("invalid state: " + String.join("; ", verdict.problems()));
  }
}
