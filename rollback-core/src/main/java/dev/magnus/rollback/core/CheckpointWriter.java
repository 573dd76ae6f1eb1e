package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Take one session's checkpoints to the store: encode, compute retention, append (with retention's
 * deletions in the same store call), then update the {@link SessionHead}, audit and queue observer
 * events. The store append is the commit point; the head changes only after it returned.
 *
 * <p>A conflicting append (another writer took the sequence) reloads the session from the store, so
 * the next append descends from the winner. Not thread-safe: every method runs under the owning
 * {@link SessionHandle}'s lock.
 */
final class CheckpointWriter {
  private static final System.Logger LOG = System.getLogger(CheckpointWriter.class.getName());

  private final SessionHandle session;
  private final DefaultSessionRollbackEngine engine;
  private final String id;
  private final SessionHead head;

  CheckpointWriter(SessionHandle session, DefaultSessionRollbackEngine engine, SessionHead head) {
    this.session = session;
    this.engine = engine;
    this.id = session.id();
    this.head = head;
  }

  /**
   * Append a checkpoint of {@code s} descending from the current origin, with retention unless
   * {@code prune} is false (PRE_ROLLBACK: retention runs after the RECOVERY_POINT). Caller holds the lock.
   */
  Checkpoint write(SessionState s, CheckpointType type, String description, Map<String, String> labels,
      boolean prune, ObserverBus.Pending p) {
    return writeAt(s, type, description, labels, head.origin(), head.originChain(), prune ? Set.of() : null, p);
  }

  /**
   * Append a checkpoint and apply retention in the same store call, so that a durable store can make
   * both one write and one force. Retention is computed as if the new checkpoint were already the
   * head; {@code protect} (null: no retention) lists checkpoints it must keep. The append is the commit
   * point: if the combined call fails, the store is asked whether the checkpoint landed before the
   * checkpoint is declared failed, so a failed deletion never turns a committed checkpoint into an error.
   */
  Checkpoint writeAt(SessionState s, CheckpointType type, String description, Map<String, String> labels,
      Optional<CheckpointId> parent, String parentChain, Set<CheckpointId> protect, ObserverBus.Pending p) {
    long sequence = head.nextSequence();
    CheckpointRecord record = engine.codec().encode(s, new CheckpointCodec.Position(sequence, parent, parentChain), type,
        description, labels, engine.clock().instant());
    Checkpoint c = record.checkpoint();
    List<CheckpointId> doomed = protect == null ? List.of()
        : head.doomedAfter(c, engine.config().checkpoint(), engine.clock().instant(), protect);
    int deleted = 0;
    try {
      deleted = doomed.isEmpty() ? appendOnly(record) : engine.store().appendThenDelete(record, doomed);
    } catch (CheckpointConflictException e) {
      engine.audit().record(AuditAction.CHECKPOINT_FAILED, id, Outcome.FAILURE, Map.of("type", type.name(),
          "sequence", Long.toString(sequence), "conflict", "true", "error", String.valueOf(e.getMessage())));
      throw reloadAfterConflict(e, p);
    } catch (RuntimeException e) {
      if (doomed.isEmpty() || !landed(c)) {
        engine.audit().record(AuditAction.CHECKPOINT_FAILED, id, Outcome.FAILURE, Map.of("type", type.name(),
            "sequence", Long.toString(sequence), "error", String.valueOf(e.getMessage())));
        throw e instanceof RollbackException ? e : new StoreException("the store failed to append checkpoint " + c.id()
            + " of session '" + id + "': " + e.getMessage() + "; nothing was committed, retry or check the store", e);
      }
      LOG.log(Level.WARNING, "retention could not delete " + doomed.size() + " checkpoints of session '" + id + "'", e);
      engine.audit().record(AuditAction.CHECKPOINTS_PRUNED, id, Outcome.FAILURE, Map.of("count", "0",
          "error", String.valueOf(e.getMessage())));
      deleted = -1;
    }
    head.appended(c, s.revision());
    engine.audit().record(AuditAction.CHECKPOINT_CREATED, id, Outcome.SUCCESS, Map.of("checkpointId", c.id().value(),
        "sequence", Long.toString(sequence), "type", type.name(), "storedBytes", Long.toString(c.storedSize())));
    p.add("checkpointCreated", o -> o.checkpointCreated(c));
    if (deleted >= 0 && !doomed.isEmpty()) {
      pruned(doomed, deleted, p);
    }
    return c;
  }

  private int appendOnly(CheckpointRecord record) {
    engine.store().append(record);
    return 0;
  }

  /** Tell whether a checkpoint whose combined append-and-delete failed was appended all the same. */
  private boolean landed(Checkpoint c) {
    try {
      return engine.store().read(id, c.id()).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Adopt what another writer committed after this session lost a race for a sequence: the newest
   * stored checkpoint becomes the state and the head, as a resume would make it, so that the next
   * append descends from the winner instead of silently replacing its state. Caller holds the lock.
   *
   * @return the exception to throw: the conflict, saying what the session now holds
   */
  private CheckpointConflictException reloadAfterConflict(CheckpointConflictException conflict, ObserverBus.Pending p) {
    try {
      List<Checkpoint> stored = engine.store().list(id, CheckpointQuery.all());
      if (stored.isEmpty()) {
        return conflict;
      }
      Checkpoint newest = stored.get(stored.size() - 1);
      CheckpointRecord record = engine.store().read(id, newest.id()).orElseThrow(
          () -> new StoreException("the newest checkpoint " + newest.id() + " vanished while reloading"));
      SessionState winner = session.verified(record, new SessionHead(stored, 0), p);
      head.reload(stored, winner.revision());
      session.reloaded(winner);
      engine.audit().record(AuditAction.SESSION_RESUMED, id, Outcome.PARTIAL, Map.of("checkpointId", newest.id().value(),
          "sequence", Long.toString(newest.sequence()), "reason", "reloaded after a conflicting append"));
      return new CheckpointConflictException(conflict.getMessage() + "; the session was reloaded from the store and "
          + "now holds the winner's state at sequence " + newest.sequence() + " (checkpoint " + newest.id()
          + "): apply your change again if it still holds", conflict);
    } catch (RuntimeException reloadFailed) {
      conflict.addSuppressed(reloadFailed);
      return new CheckpointConflictException(conflict.getMessage() + "; reloading the session failed ("
          + reloadFailed.getMessage() + "): close it and resume it", conflict);
    }
  }

  /** Record what retention deleted with an append. Caller holds the lock. */
  private void pruned(List<CheckpointId> doomed, int deleted, ObserverBus.Pending p) {
    head.deleted(doomed);
    engine.audit().record(AuditAction.CHECKPOINTS_PRUNED, id, Outcome.SUCCESS, Map.of("count", Integer.toString(deleted),
        "ids", doomed.toString()));
    p.add("checkpointsPruned", o -> o.checkpointsPruned(id, doomed));
  }
}
