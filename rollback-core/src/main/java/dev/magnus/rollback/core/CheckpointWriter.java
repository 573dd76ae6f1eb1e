package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Take one session's checkpoints to the store: encode, compute retention, append (with retention's
 * deletions in the same store call), then update the {@link SessionHead}, audit and queue observer
 * events. The store append is the commit point; the head changes only after it returned.
 *
 * <p>A conflicting append (another writer took the sequence) reloads the session from the store, so
 * the next append descends from the winner. Any other failure leaves the outcome unknown: the
 * {@link UnknownOutcomeResolver} keeps the attempt, and the next append first asks the store how it
 * ended, so a sequence is never appended again with another id while an earlier record may hold it.
 * Each write is timed from its start to its acknowledgement and reported to the observers
 * ({@code checkpointCreated} with the time, or {@code checkpointFailed}).
 * Not thread-safe: every method runs under the owning {@link SessionHandle}'s lock.
 */
final class CheckpointWriter {
  private static final System.Logger LOG = System.getLogger(CheckpointWriter.class.getName());

  private final SessionHandle session;
  private final DefaultSessionRollbackEngine engine;
  private final String id;
  private final SessionHead head;
  private final UnknownOutcomeResolver outcomes;
  // the encoded attributes of the last full snapshot this session wrote, reused for unchanged values
  private final AttributeFragments fragments = new AttributeFragments();
  // the stored state the next delta is computed against: the head's, when the engine holds it as stored
  private CheckpointCodec.@Nullable Base headBase;

  CheckpointWriter(SessionHandle session, DefaultSessionRollbackEngine engine, SessionHead head) {
    this.session = session;
    this.engine = engine;
    this.id = session.id();
    this.head = head;
    this.outcomes = new UnknownOutcomeResolver(id, engine);
  }

  /**
   * Append a checkpoint of {@code s} descending from the current origin, with retention unless
   * {@code prune} is false (PRE_ROLLBACK: retention runs after the RECOVERY_POINT). An earlier append
   * whose outcome is unknown is settled first, since it may become the origin. Caller holds the lock.
   */
  Checkpoint write(SessionState s, CheckpointType type, String description, Map<String, String> labels,
      boolean prune, ObserverBus.Pending p) {
    return observed(type, p, started -> {
      settleUnknownOutcome(type, p);
      // a head adopted after an unknown outcome or a reload is not the state the writer holds
      CheckpointCodec.@Nullable Base base = newestBase();
      return append(s, type, description, labels, head.origin(), head.originChain(), prune ? Set.of() : null, p, base,
          started);
    });
  }

  /** Run one write, timed from here; a failure is queued for the observers ({@code checkpointFailed}) and rethrown. */
  private Checkpoint observed(CheckpointType type, ObserverBus.Pending p, LongFunction<Checkpoint> write) {
    long started = System.nanoTime();
    try {
      return write.apply(started);
    } catch (RuntimeException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      p.add("checkpointFailed", o -> o.checkpointFailed(id, type, e, took));
      throw e;
    }
  }

  /**
   * Return the skip of an automatic checkpoint, audited and queued for the observers, when its switch is
   * off or {@code checkpoint.minIntervalMs} has not elapsed. Caller holds the lock.
   */
  Optional<AutoCheckpointResult> skipped(CheckpointType type, ObserverBus.Pending p) {
    CheckpointConfig config = engine.config().checkpoint();
    Optional<String> skip = head.skipReason(type, config, engine.clock().instant());
    if (skip.isEmpty()) {
      return Optional.empty();
    }
    String reason = skip.get();
    AutoCheckpointResult.SkipCause cause = config.autoEnabled(type) ? AutoCheckpointResult.SkipCause.MIN_INTERVAL
        : AutoCheckpointResult.SkipCause.SWITCHED_OFF;
    engine.audit().record(AuditAction.CHECKPOINT_SKIPPED, id, Outcome.SUCCESS, Map.of("type", type.name(), "reason", reason));
    p.add("autoCheckpointSkipped", o -> o.autoCheckpointSkipped(id, type, cause, reason));
    return Optional.of(AutoCheckpointResult.skipped(reason));
  }

  /** Return the base the writer holds when it is the origin's (the checkpoint just written), else null. */
  CheckpointCodec.@Nullable Base newestBase() {
    return headBase != null && head.origin().equals(Optional.of(headBase.id())) ? headBase : null;
  }

  /** Take the state of a checkpoint just read as stored (resume, reload) as the base of the next delta. */
  void seed(CheckpointCodec.@Nullable Base base) {
    headBase = base;
  }

  /**
   * Append a checkpoint and apply retention in the same store call, so that a durable store can make
   * both one write and one force. Retention is computed as if the new checkpoint were already the
   * head; {@code protect} (null: no retention) lists checkpoints it must keep. The append is the commit
   * point: if the combined call fails, the store is asked whether the checkpoint landed, so a failed
   * deletion never turns a committed checkpoint into an error. Any other failure but a conflict leaves
   * the outcome unknown until the next append settles it ({@link UnknownOutcomeResolver}).
   */
  Checkpoint writeAt(SessionState s, CheckpointType type, String description, Map<String, String> labels,
      Optional<CheckpointId> parent, String parentChain, @Nullable Set<CheckpointId> protect, ObserverBus.Pending p,
      CheckpointCodec.@Nullable Base base) {
    return observed(type, p, started -> append(s, type, description, labels, parent, parentChain, protect, p, base,
        started));
  }

  private Checkpoint append(SessionState s, CheckpointType type, String description, Map<String, String> labels,
      Optional<CheckpointId> parent, String parentChain, @Nullable Set<CheckpointId> protect, ObserverBus.Pending p,
      CheckpointCodec.@Nullable Base base, long started) {
    settleUnknownOutcome(type, p); // a no-op after write(); here for a caller that names the parent
    long sequence = head.nextSequence();
    Planned planned = encode(s, type, description, labels, new CheckpointCodec.Position(sequence, parent, parentChain),
        protect, base); // the codec takes the base only where a delta on it is valid
    CheckpointCodec.Encoded encoded = planned.encoded();
    CheckpointRecord record = encoded.record();
    Checkpoint c = record.checkpoint();
    List<CheckpointId> doomed = planned.doomed();
    int deleted;
    try {
      deleted = doomed.isEmpty() ? appendOnly(record) : engine.store().appendThenDelete(record, doomed);
    } catch (CheckpointConflictException e) {
      engine.audit().record(AuditAction.CHECKPOINT_FAILED, id, Outcome.FAILURE, Map.of("type", type.name(),
          "sequence", Long.toString(sequence), "conflict", "true", "error", String.valueOf(e.getMessage())));
      throw reloadAfterConflict(e, c.id(), p);
    } catch (RuntimeException e) {
      if (doomed.isEmpty() || !outcomes.holds(c)) {
        // a RECOVERY_POINT holds a state the session takes only after the append returned
        long revision = s == session.state() ? s.revision() : UnknownOutcomeResolver.NOT_IN_MEMORY;
        throw outcomes.unknown(new UnknownOutcomeResolver.Attempt(c, revision, doomed), e);
      }
      LOG.log(Level.WARNING, "retention could not delete " + doomed.size() + " checkpoints of session '" + id + "'", e);
      engine.audit().record(AuditAction.CHECKPOINTS_PRUNED, id, Outcome.FAILURE, Map.of("count", "0",
          "error", String.valueOf(e.getMessage())));
      deleted = -1;
    }
    acknowledged(c, s.revision(), deleted < 0 ? List.of() : doomed, deleted, Map.of(), p,
        Duration.ofNanos(System.nanoTime() - started));
    headBase = encoded.next();
    if (engine.config().integrity().verifyOnRestore()) { // only a verifying replay takes a kept patch
      engine.codec().recent().appended(encoded, parentChain);
    }
    return c;
  }

  /**
   * Refuse labels a caller may not set: keys under {@value CheckpointCodec#RESERVED} are the engine's.
   *
   * @throws IllegalArgumentException naming the key
   */
  static void requireUserLabels(Map<String, String> labels) {
    for (String key : Objects.requireNonNull(labels, "labels").keySet()) {
      if (key.startsWith(CheckpointCodec.RESERVED)) {
        throw new IllegalArgumentException("label '" + key + "' is reserved: keys starting with '" + CheckpointCodec.RESERVED
            + "' are the engine's (delta checkpoints); rename the label");
      }
    }
  }

  private record Planned(CheckpointCodec.Encoded encoded, List<CheckpointId> doomed) {}

  /**
   * Encode the checkpoint and plan retention as if it were the head. When retention would have to
   * spare old bases only because the new checkpoint is a delta (the kept checkpoints after the last
   * full snapshot could then only be rebuilt forwards, through those bases), it is stored as a full
   * snapshot linked to its base instead, and the bases go: one append, then the deletions, so a
   * crash in between leaves both ways to rebuild every kept checkpoint. When both spare something,
   * the one that lets retention delete more is written.
   */
  private Planned encode(SessionState s, CheckpointType type, String description, Map<String, String> labels,
      CheckpointCodec.Position at, @Nullable Set<CheckpointId> protect, CheckpointCodec.@Nullable Base base) {
    Instant now = engine.clock().instant();
    int schema = engine.config().state().schemaVersion();
    CheckpointCodec.Encoded encoded = engine.codec().encode(s, schema, at, type, description, labels, now, base,
        fragments);
    if (protect == null) {
      return new Planned(encoded, List.of());
    }
    Checkpoint c = encoded.record().checkpoint();
    Retention.Plan plan = head.planAfter(c, engine.config().checkpoint(), now, protect);
    if (plan.spared() && c.deltaBase().isPresent()) {
      Retention.Plan asFull = head.planAfter(Retention.asLinkedFull(c), engine.config().checkpoint(), now, protect);
      // as a full snapshot when that spares nothing, or fewer (a RECOVERY_POINT's base in a rollback branch)
      if (!asFull.spared() || asFull.doomed().size() > plan.doomed().size()) {
        // written with the links asFull was planned with (encoding full, the same base)
        return new Planned(Objects.requireNonNull(encoded.linkedFull(), "a delta can be linked").get(), asFull.doomed());
      }
    }
    return new Planned(encoded, plan.doomed());
  }

  private int appendOnly(CheckpointRecord record) {
    engine.store().append(record);
    return 0;
  }

  /** Record a committed checkpoint: head, audit (with {@code note}), observers, what retention deleted. */
  private void acknowledged(Checkpoint c, long revision, List<CheckpointId> deletedIds, int deleted,
      Map<String, String> note, ObserverBus.Pending p, Duration took) {
    head.appended(c, revision);
    Map<String, String> details = new HashMap<>(note);
    details.putAll(Map.of("checkpointId", c.id().value(), "sequence", Long.toString(c.sequence()), "type",
        c.type().name(), "storedBytes", Long.toString(c.storedSize()), "encoding",
        c.label(Checkpoint.ENCODING).orElse(Checkpoint.FULL)));
    c.deltaBase().ifPresent(b -> details.put("base", b.value()));
    engine.audit().record(AuditAction.CHECKPOINT_CREATED, id, Outcome.SUCCESS, details);
    p.add("checkpointCreated", o -> o.checkpointCreated(c, took));
    if (!deletedIds.isEmpty()) {
      pruned(deletedIds, deleted, p);
    }
  }

  /**
   * Settle an earlier append whose outcome is unknown before appending: adopt it if the store holds
   * it, reload as on a conflict if another checkpoint took its place; a free sequence needs nothing.
   */
  private void settleUnknownOutcome(CheckpointType next, ObserverBus.Pending p) {
    Optional<UnknownOutcomeResolver.Resolution> resolution = outcomes.resolve(next);
    if (resolution.isPresent() && resolution.get() instanceof UnknownOutcomeResolver.Committed committed) {
      acknowledged(committed.attempt().checkpoint(), committed.attempt().revision(), committed.deleted(),
          committed.deleted().size(), Map.of("confirmed", "after an unknown outcome: the store holds it"), p,
          Duration.ZERO); // written by an earlier call, whose time is not known here
    } else if (resolution.isPresent() && resolution.get() instanceof UnknownOutcomeResolver.Superseded superseded) {
      throw reloadAfterConflict(outcomes.conflict(superseded), superseded.attempt().checkpoint().id(), p);
    }
  }

  /**
   * Adopt what another writer committed after this session lost a race for a sequence: the newest
   * stored checkpoint becomes the state and the head, as a resume would make it, so that the next
   * append descends from the winner instead of silently replacing its state. Caller holds the lock.
   *
   * @return the exception to throw: the conflict, saying what the session now holds
   */
  private CheckpointConflictException reloadAfterConflict(CheckpointConflictException conflict, CheckpointId attempted,
      ObserverBus.Pending p) {
    try {
      List<Checkpoint> stored = engine.store().list(id, CheckpointQuery.all());
      if (stored.isEmpty()) {
        return conflict;
      }
      Checkpoint newest = stored.get(stored.size() - 1);
      CheckpointRecord record = engine.store().read(id, newest.id()).orElseThrow(
          () -> new StoreException("the newest checkpoint " + newest.id() + " vanished while reloading", id,
              newest.id()));
      CheckpointCodec.Verified winner = session.verify(record, new SessionHead(stored, 0), p);
      head.reload(stored, winner.state().revision());
      session.reloaded(winner.state());
      headBase = winner.base();
      engine.audit().record(AuditAction.SESSION_RESUMED, id, Outcome.PARTIAL, Map.of("checkpointId", newest.id().value(),
          "sequence", Long.toString(newest.sequence()), "reason", "reloaded after a conflicting append"));
      return new CheckpointConflictException(conflict.getMessage() + "; the session was reloaded from the store and "
          + "now holds the winner's state at sequence " + newest.sequence() + " (checkpoint " + newest.id()
          + "): apply your change again if it still holds", id, attempted, conflict);
    } catch (RuntimeException reloadFailed) {
      conflict.addSuppressed(reloadFailed);
      return new CheckpointConflictException(conflict.getMessage() + "; reloading the session failed ("
          + reloadFailed.getMessage() + "): close it and resume it", id, attempted, conflict);
    }
  }

  /** Apply retention to the session now, without an append (the engine's sweep). Caller holds the lock. */
  int sweep(ObserverBus.Pending p) {
    List<CheckpointId> doomed = Retention.select(head.snapshot(), engine.config().checkpoint(), engine.clock().instant(),
        Set.of());
    if (doomed.isEmpty()) {
      return 0;
    }
    int deleted = engine.store().delete(id, doomed);
    head.deleted(doomed);
    RetentionSweeper.audited(engine, id, doomed, deleted, p);
    return deleted;
  }

  /** Record what retention deleted with an append. Caller holds the lock. */
  private void pruned(List<CheckpointId> doomed, int deleted, ObserverBus.Pending p) {
    head.deleted(doomed);
    engine.codec().recent().drop(doomed);
    engine.audit().record(AuditAction.CHECKPOINTS_PRUNED, id, Outcome.SUCCESS, Map.of("count", Integer.toString(deleted),
        "ids", doomed.toString()));
    p.add("checkpointsPruned", o -> o.checkpointsPruned(id, doomed));
  }
}
