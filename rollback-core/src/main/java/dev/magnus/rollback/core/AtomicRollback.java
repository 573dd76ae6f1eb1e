package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Roll one session back to a checkpoint, atomically, also across a crash.
 *
 * <p>Design (DESIGN.md section 3): read the target, verify its state hash and its chain against its
 * parent, decode it — any failure leaves the state unchanged and audits ROLLBACK_FAILED (and
 * INTEGRITY_VIOLATION for a bad hash); append PRE_ROLLBACK with the current state (a failure aborts,
 * state unchanged); append RECOVERY_POINT holding the target's state with the target as parent: that
 * single append is the commit point; only then swap the in-memory state, audit and queue the observers'
 * event. Resuming after a crash takes the newest stored checkpoint, which is exactly the committed
 * state. Verification of a stored record also serves the recovery context, conflict reloads and
 * resume ({@link #verified}).
 *
 * <p>Concurrency: every method runs under the owning {@link SessionHandle}'s lock; no state of its own.
 */
final class AtomicRollback {
  private final SessionHandle session;
  private final DefaultSessionRollbackEngine engine;
  private final SessionHead head;
  private final CheckpointWriter writer;
  private final String id;

  AtomicRollback(SessionHandle session, DefaultSessionRollbackEngine engine, SessionHead head, CheckpointWriter writer) {
    this.session = session;
    this.engine = engine;
    this.head = head;
    this.writer = writer;
    this.id = session.id();
  }

  RollbackResult run(CheckpointId target, ObserverBus.Pending p) {
    long started = System.nanoTime();
    engine.audit().record(AuditAction.ROLLBACK_INITIATED, id, Outcome.SUCCESS, Map.of("target", target.value()));
    try {
      CheckpointRecord record = read(target);
      CheckpointCodec.Verified restored = verify(record, head, p);
      SessionState state = session.state();
      writer.write(state, CheckpointType.PRE_ROLLBACK, "state before rollback to " + target, Map.of("rollbackTo", target.value()),
          false, p);
      SessionState next = restored.state().withRevision(state.revision() + 1);
      Checkpoint preRollback = head.newest();
      Checkpoint recoveryPoint = writer.writeAt(next, CheckpointType.RECOVERY_POINT, "restored from " + target,
          Map.of(Checkpoint.RESTORED_FROM, target.value()), Optional.of(target), record.checkpoint().chainHash(),
          Set.of(target), p, recoveryBase(restored, next));
      session.committed(next);
      RollbackResult result = new RollbackResult(id, record.checkpoint(), preRollback, recoveryPoint, next,
          Duration.ofNanos(System.nanoTime() - started));
      engine.audit().record(AuditAction.ROLLBACK_COMPLETED, id, Outcome.SUCCESS, Map.of("target", target.value(),
          "recoveryPoint", recoveryPoint.id().value(), "preRollback", preRollback.id().value()));
      p.add("rollbackCompleted", o -> o.rollbackCompleted(result));
      return result;
    } catch (RuntimeException e) {
      engine.audit().record(AuditAction.ROLLBACK_FAILED, id, Outcome.FAILURE,
          Map.of("target", target.value(), "error", String.valueOf(e.getMessage())));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      p.add("rollbackFailed", o -> o.rollbackFailed(id, target, e, took));
      throw e;
    }
  }

  /**
   * Return what the RECOVERY_POINT is a delta against: the target (an empty patch) while a delta on it
   * leaves room in the chain for the next checkpoint; otherwise the record of the target's chain
   * {@code maxChain} − 2 deltas from its full snapshot (its state rebuilt while verifying; retention
   * keeps it, the target needs it) when the patch from it (redoing the chain's last links) is within
   * maxRatio, else the PRE_ROLLBACK just written when its chain has room (the patch undoes the work
   * since the target). The codec still stores a full snapshot when the chosen patch is over maxRatio, and
   * the writer a linked one when retention would delete the base.
   */
  private CheckpointCodec.@Nullable Base recoveryBase(CheckpointCodec.Verified restored, SessionState next) {
    CheckpointCodec.Base target = restored.base();
    int maxChain = engine.config().checkpoint().delta().maxChain();
    if (target == null || target.chain() + 1 < maxChain) {
      return target;
    }
    CheckpointCodec.Base ancestor = restored.ancestor();
    if (ancestor != null && engine.codec().deltaFits(ancestor, next)) {
      return ancestor;
    }
    CheckpointCodec.Base pre = writer.newestBase();
    if (pre == null || pre.chain() + 1 >= maxChain || pre.schemaVersion() != target.schemaVersion()) {
      return ancestor != null ? ancestor : target;
    }
    // the leaves cached while verifying the target cover the restored values; the PRE_ROLLBACK's do not
    return new CheckpointCodec.Base(pre.id(), pre.state(), pre.schemaVersion(), target.leaves(), pre.chain());
  }

  CheckpointRecord read(CheckpointId target) {
    Optional<CheckpointRecord> record = engine.store().read(id, target);
    if (record.isEmpty()) {
      throw engine.checkpointNotFound(id, target);
    }
    return record.get();
  }

  /** Verify against a given view of the history (the parent's chain hash comes from it). */
  SessionState verified(CheckpointRecord record, SessionHead history, ObserverBus.Pending p) {
    return verify(record, history, p).state();
  }

  /**
   * Verify against a given view of the history, reading a delta's bases from the store, and upcast.
   * The result's base is empty after an upcast: the next checkpoint then stores the whole state.
   */
  CheckpointCodec.Verified verify(CheckpointRecord record, SessionHead history, ObserverBus.Pending p) {
    Checkpoint c = record.checkpoint();
    CheckpointCodec.Verified verified;
    try {
      verified = engine.codec().verify(record, engine.config().integrity().verifyOnRestore(),
          history.parentChainHash(c), Bases.of(engine.store(), id));
    } catch (IntegrityViolationException e) {
      CheckpointId blamed = e.checkpointId().orElse(c.id());
      engine.audit().record(AuditAction.INTEGRITY_VIOLATION, id, Outcome.FAILURE,
          Map.of("checkpointId", blamed.value(), "problem", e.getMessage()));
      p.add("integrityViolation", o -> o.integrityViolation(id, blamed, e.getMessage()));
      throw e;
    }
    int target = engine.config().state().schemaVersion();
    if (verified.schemaVersion() == target) {
      return verified;
    }
    SessionState state = engine.upcasters().upcast(new StateCodec.Decoded(verified.state(), verified.schemaVersion()), c);
    engine.audit().record(AuditAction.STATE_UPCAST, id, Outcome.SUCCESS, Map.of("checkpointId", c.id().value(),
        "from", Integer.toString(verified.schemaVersion()), "to", Integer.toString(target)));
    return new CheckpointCodec.Verified(state, target, null);
  }
}
