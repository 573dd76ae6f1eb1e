package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settle a session's append whose outcome is unknown before the session appends again.
 *
 * <p>When the store's append throws anything but a conflict, the checkpoint may be stored all the
 * same (its bytes reached the disk, the commit went through and the answer was lost). Appending that
 * sequence again with another id would race the lost record: on a store that resurfaces it, a
 * never-acknowledged checkpoint could replace an acknowledged one. So the session keeps the attempt
 * ({@link #unknown}) and, before its next append, {@link #resolve()} asks the store's list: the
 * attempt itself as the newest checkpoint (same id, sequence and hashes) means it was committed and
 * the session adopts it; nothing at or after its sequence means it was not, and the sequence is
 * free; anything else means another writer moved the session on, and the session reloads as on a
 * conflict. If the store cannot be asked the attempt stays unknown and the new append is refused.
 *
 * <p>Holds at most one attempt: after an unknown outcome nothing is appended before it is settled.
 * Not thread-safe: the owning {@link SessionHandle}'s lock guards it.
 */
final class UnknownOutcomeResolver {
  /** The revision recorded for a checkpoint holding a state that was never the session's (a RECOVERY_POINT). */
  static final long NOT_IN_MEMORY = -1;

  /**
   * An append whose outcome is unknown.
   *
   * @param checkpoint what was appended
   * @param revision the revision of the in-memory state it holds, or {@link #NOT_IN_MEMORY}
   * @param doomed what retention asked the same store call to delete
   */
  record Attempt(Checkpoint checkpoint, long revision, List<CheckpointId> doomed) {}

  /** How the store settled an attempt. */
  sealed interface Resolution permits Committed, Free, Superseded {}

  /** The store holds the attempt as its newest checkpoint; {@code deleted} is what retention removed with it. */
  record Committed(Attempt attempt, List<CheckpointId> deleted) implements Resolution {}

  /** The store holds nothing at or after the attempt's sequence: it may be reused. */
  record Free(Attempt attempt) implements Resolution {}

  /** Another checkpoint holds the attempt's sequence or came after it. */
  record Superseded(Attempt attempt, Checkpoint newest) implements Resolution {}

  private final String sessionId;
  private final DefaultSessionRollbackEngine engine;
  private Optional<Attempt> pending = Optional.empty();

  UnknownOutcomeResolver(String sessionId, DefaultSessionRollbackEngine engine) {
    this.sessionId = sessionId;
    this.engine = engine;
  }

  /**
   * Keep an attempt whose append threw something other than a conflict, audit it, and return what to
   * throw: a {@link StoreException} naming the session and checkpoint, saying that the outcome is
   * unknown and what happens next (a {@link ClosedException} is returned as it is).
   */
  RuntimeException unknown(Attempt attempt, RuntimeException cause) {
    pending = Optional.of(attempt);
    Checkpoint c = attempt.checkpoint();
    engine.audit().record(AuditAction.CHECKPOINT_FAILED, sessionId, Outcome.FAILURE, Map.of("type", c.type().name(),
        "checkpointId", c.id().value(), "sequence", Long.toString(c.sequence()), "outcome", "unknown",
        "error", String.valueOf(cause.getMessage())));
    if (cause instanceof ClosedException) {
      return cause;
    }
    return new StoreException("the store failed to append checkpoint " + c.id() + " (sequence " + c.sequence() + ", "
        + c.type() + ") of session '" + sessionId + "': " + cause.getMessage() + "; the outcome is unknown (the store "
        + "may hold it)" + nextStep(c), sessionId, c.id(), cause);
  }

  private static String nextStep(Checkpoint c) {
    if (c.type() == CheckpointType.SESSION_START) {
      return ": resume the session if the store holds it, otherwise initialize it again";
    }
    String then = ": before this session's next append the engine asks the store, continues from this checkpoint if "
        + "it was committed, and reuses sequence " + c.sequence() + " only if the store holds nothing there";
    return c.type() != CheckpointType.RECOVERY_POINT ? then : then + "; until then the session keeps the state it had "
        + "before the rollback (roll back again to restore the target)";
  }

  /** Tell whether the store holds exactly this checkpoint now; false if it does not or cannot say. */
  boolean holds(Checkpoint c) {
    try {
      return engine.store().read(sessionId, c.id()).map(r -> same(r.checkpoint(), c)).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Ask the store how the pending attempt ended, if there is one, and forget it once answered.
   *
   * @param next the type of the append about to be made, for the audit
   * @return how it was settled; empty when nothing was pending
   * @throws StoreException if the store cannot be asked; the attempt stays unknown
   */
  Optional<Resolution> resolve(CheckpointType next) {
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    Attempt attempt = pending.get();
    List<Checkpoint> stored = storedOrThrow(attempt, next);
    pending = Optional.empty();
    Resolution resolution = classify(attempt, stored);
    if (resolution instanceof Free) {
      engine.audit().record(AuditAction.CHECKPOINT_FAILED, sessionId, Outcome.FAILURE, Map.of("checkpointId",
          attempt.checkpoint().id().value(), "sequence", Long.toString(attempt.checkpoint().sequence()), "outcome",
          "confirmed not committed after an unknown outcome: the store holds nothing at that sequence, it is reused"));
    }
    return Optional.of(resolution);
  }

  private List<Checkpoint> storedOrThrow(Attempt attempt, CheckpointType next) {
    try {
      return engine.store().list(sessionId, CheckpointQuery.all());
    } catch (RuntimeException e) {
      Checkpoint c = attempt.checkpoint();
      String message = "session '" + sessionId + "' cannot append " + next + ": the outcome of its earlier append of "
          + "checkpoint " + c.id() + " (sequence " + c.sequence() + ") is still unknown, and asking the store failed ("
          + e.getMessage() + "); nothing was appended and no sequence was reused: retry once the store answers, or "
          + "close the session and resume it";
      engine.audit().record(AuditAction.CHECKPOINT_FAILED, sessionId, Outcome.FAILURE, Map.of("type", next.name(),
          "unresolved", c.id().value(), "error", message));
      throw new StoreException(message, sessionId, c.id(), e);
    }
  }

  private static Resolution classify(Attempt attempt, List<Checkpoint> stored) {
    Checkpoint c = attempt.checkpoint();
    if (stored.isEmpty() || stored.get(stored.size() - 1).sequence() < c.sequence()) {
      return new Free(attempt);
    }
    Checkpoint newest = stored.get(stored.size() - 1);
    if (!same(newest, c)) {
      return new Superseded(attempt, newest);
    }
    List<CheckpointId> deleted = attempt.doomed().stream()
        .filter(d -> stored.stream().noneMatch(s -> s.id().equals(d))).toList();
    return new Committed(attempt, deleted);
  }

  /** Say what a superseded attempt lost, as the conflict the session reloads on. */
  CheckpointConflictException conflict(Superseded s) {
    Checkpoint c = s.attempt().checkpoint();
    engine.audit().record(AuditAction.CHECKPOINT_FAILED, sessionId, Outcome.FAILURE, Map.of("checkpointId",
        c.id().value(), "sequence", Long.toString(c.sequence()), "conflict", "true", "outcome",
        "confirmed not committed after an unknown outcome: the store holds " + s.newest().id() + " at sequence "
            + s.newest().sequence()));
    return new CheckpointConflictException("checkpoint " + c.id() + " (sequence " + c.sequence() + ") of session '"
        + sessionId + "', whose append had an unknown outcome, was not committed: the store's newest checkpoint is "
        + s.newest().id() + " at sequence " + s.newest().sequence() + " (another writer)", sessionId, c.id());
  }

  private static boolean same(Checkpoint stored, Checkpoint attempted) {
    return stored.id().equals(attempted.id()) && stored.sequence() == attempted.sequence()
        && stored.stateHash().equals(attempted.stateHash()) && stored.chainHash().equals(attempted.chainHash());
  }
}
