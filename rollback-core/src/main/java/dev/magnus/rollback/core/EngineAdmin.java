package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.EngineStats;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionPage;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator asks of the default engine across sessions: pages of stored session ids, a
 * session's checkpoints with their integrity, figures, deleting a session, forking one.
 *
 * <p>Queries read the store only and never take a session's lock: a session's history is the store's,
 * whether the session is open here or not. Deleting an open session takes it out of the engine first
 * (only when forced), so no operation of it runs against a deleted history. A fork verifies its source
 * checkpoint as a restore would, before anything is claimed or written, then starts the new session
 * like {@code initialize}; the source session is only read. Thread-safe: no state of its own.
 */
final class EngineAdmin {
  private final DefaultSessionRollbackEngine engine;

  EngineAdmin(DefaultSessionRollbackEngine engine) {
    this.engine = engine;
  }

  SessionPage sessions(String after, int limit) {
    java.util.Objects.requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit + ": ask for at least one session per page");
    }
    List<String> page = engine.store().sessions().stream().filter(id -> id.compareTo(after) > 0)
        .filter(id -> !dev.magnus.rollback.EncryptionConfig.isKeyRingSession(id)).sorted()
        .limit(limit + 1L).toList();
    boolean more = page.size() > limit;
    List<String> ids = more ? page.subList(0, limit) : page;
    return new SessionPage(ids, more ? Optional.of(ids.get(ids.size() - 1)) : Optional.empty());
  }

  List<CheckpointStatus> checkpoints(String sessionId, HistoryQuery q) {
    CheckpointQuery query = new CheckpointQuery(q.types(), q.fromSequence(), q.toSequence(), q.limit(), q.ascending());
    List<Checkpoint> selected = engine.store().list(sessionId, query);
    if (selected.isEmpty() && engine.store().latest(sessionId).isEmpty()) {
      throw notFound(sessionId);
    }
    if (!q.verify()) {
      return selected.stream().map(c -> new CheckpointStatus(c, CheckpointStatus.Integrity.NOT_CHECKED,
          Optional.<String>empty())).toList();
    }
    List<Checkpoint> live = engine.store().list(sessionId, CheckpointQuery.all());
    Verification verification = verification();
    List<CheckpointStatus> statuses = new ArrayList<>(selected.size());
    for (Checkpoint c : selected) {
      statuses.add(verification.check(engine.store(), c, live) instanceof Verification.Problem p
          ? new CheckpointStatus(c, CheckpointStatus.Integrity.DAMAGED, Optional.of(p.problem()))
          : new CheckpointStatus(c, CheckpointStatus.Integrity.INTACT, Optional.empty()));
    }
    return statuses;
  }

  /** The store's figures, the key ring's session and entries (encryption at rest) left out. */
  EngineStats stats(int open) {
    StoreStats store = engine.store().stats();
    List<Checkpoint> ring = KeyRing.allEntries(engine.store());
    long ringBytes = ring.stream().mapToLong(Checkpoint::storedSize).sum();
    long ringSessions = ring.stream().map(Checkpoint::sessionId).distinct().count();
    return new EngineStats(store.sessions() - ringSessions, store.checkpoints() - ring.size(),
        store.payloadBytes() - ringBytes, store.corruptions(), store.extra(), open, engine.audit().entries().size());
  }

  int deleteSession(String sessionId, boolean force, ConcurrentHashMap<String, SessionHandle> open) {
    SessionHandle handle = open.get(sessionId);
    if (handle != null && !force) {
      throw new IllegalStateException("session '" + sessionId + "' is open in this engine: close it first, or "
          + "delete it with force (engine.deleteSession(\"" + sessionId + "\", true)); nothing was deleted");
    }
    if (handle == null && engine.store().latest(sessionId).isEmpty()) {
      throw notFound(sessionId);
    }
    if (handle != null) {
      handle.closeQuietly();
      open.remove(sessionId, handle);
    }
    int deleted = engine.store().deleteSession(sessionId);
    engine.codec().forget(sessionId); // with encryption at rest, its data keys go too
    boolean tombstoned = engine.store().capabilities().contains(StoreCapability.TOMBSTONES);
    engine.audit().record(AuditAction.SESSION_DELETED, sessionId, Outcome.SUCCESS, Map.of("count",
        Integer.toString(deleted), "forced", Boolean.toString(handle != null), "tombstoned", Boolean.toString(tombstoned)));
    return deleted;
  }

  SessionHandle fork(String source, CheckpointId checkpointId, String target) {
    engine.ensureOpen();
    if (engine.store().latest(source).isEmpty()) {
      throw notFound(source);
    }
    Verification.Reading reading = verification().read(engine.store(), source, checkpointId)
        .orElseThrow(() -> engine.checkpointNotFound(source, checkpointId));
    if (reading instanceof Verification.Problem p) {
      throw refused(source, checkpointId, p.problem());
    }
    SessionState state = ((Verification.Verified) reading).state();
    SessionHandle forked = engine.started(SessionState.initial(target, state.metadata(), state.attributes()),
        Map.of(Checkpoint.FORKED_FROM, source, Checkpoint.FORKED_FROM_CHECKPOINT, checkpointId.value()));
    Map<String, String> details = Map.of("source", source, "checkpointId", checkpointId.value(), "target", target);
    engine.audit().record(AuditAction.SESSION_FORKED, source, Outcome.SUCCESS, details);
    engine.audit().record(AuditAction.SESSION_FORKED, target, Outcome.SUCCESS, details);
    return forked;
  }

  private IntegrityViolationException refused(String source, CheckpointId checkpointId, String problem) {
    engine.audit().record(AuditAction.INTEGRITY_VIOLATION, source, Outcome.FAILURE, Map.of("checkpointId",
        checkpointId.value(), "problem", problem, "operation", "fork"));
    ObserverBus.Pending p = engine.bus().pending(source);
    p.add("integrityViolation", o -> o.integrityViolation(source, checkpointId, problem));
    p.deliver();
    return new IntegrityViolationException("cannot fork session '" + source + "' from checkpoint " + checkpointId
        + ": it fails verification (" + problem + "); nothing was written: fork from another checkpoint "
        + "(engine.checkpoints(id, HistoryQuery.all().verified()) shows which are intact)", source, checkpointId);
  }

  private Verification verification() {
    return Verification.forEngine(engine.codec(), engine.config().state().schemaVersion(), engine.upcasters());
  }

  private static SessionNotFoundException notFound(String sessionId) {
    return new SessionNotFoundException("session '" + sessionId + "' has no checkpoint in the store: check the id "
        + "(engine.sessions(\"\", 100) lists stored sessions) and storage.type", sessionId);
  }
}
