package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.StateMapper;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One open session of the default engine.
 *
 * <p>Invariants, all guarded by {@link #lock}: {@link SessionHead} holds this session's live
 * checkpoints as this engine wrote or loaded them, and {@code state} descends from the head's
 * {@code origin} (the last checkpoint written of it, or the RECOVERY_POINT of the last rollback).
 * {@code state} is volatile so {@link #getCurrentState()} reads without the lock. Asynchronous
 * checkpoints queue in an {@link AsyncCheckpointQueue} and take the lock like any other write.
 *
 * <p>Every mutating operation runs under the (reentrant) lock and queues observer events in an
 * {@link ObserverBus.Pending}, delivered after the lock is released. Appends go through the
 * {@link CheckpointWriter}: the store append is the commit point of each checkpoint, and in-memory
 * fields change only after it returned. A rollback appends
 * PRE_ROLLBACK (abort on failure), then RECOVERY_POINT (the commit point), then swaps the state, so a
 * crash at any moment leaves the newest stored checkpoint equal to the committed state.
 */
final class SessionHandle implements Session {
  private static final System.Logger LOG = System.getLogger(SessionHandle.class.getName());
  private static final Set<CheckpointType> ENGINE_OWNED =
      Set.of(CheckpointType.SESSION_START, CheckpointType.PRE_ROLLBACK, CheckpointType.RECOVERY_POINT);

  private final DefaultSessionRollbackEngine engine;
  private final String id;
  private final ReentrantLock lock = new ReentrantLock();
  private final SessionHead head;
  private volatile SessionState state;
  private volatile boolean closed;
  private final AsyncCheckpointQueue async;
  private final CheckpointWriter writer;
  private final AtomicRollback rollback;
  // @GuardedBy("lock"): set by startPeriodic, cancelled by close
  private @Nullable ScheduledFuture<?> periodic;
  // @GuardedBy("lock"): the pending notifications of the operation that holds the lock, null between operations
  private ObserverBus.@Nullable Pending current;

  SessionHandle(DefaultSessionRollbackEngine engine, SessionState state, List<Checkpoint> live) {
    this.engine = engine;
    this.id = state.sessionId();
    this.state = state;
    this.head = new SessionHead(live, state.revision());
    this.async = new AsyncCheckpointQueue(id, engine.scheduler(), engine.queued());
    this.writer = new CheckpointWriter(this, engine, head);
    this.rollback = new AtomicRollback(this, engine, head, writer);
  }

  /** Write SESSION_START with the labels; called once by initialize (or fork). */
  Checkpoint start(Map<String, String> labels) {
    return locked(p -> {
      Checkpoint c = writer.write(state, CheckpointType.SESSION_START, "session started", labels, false, p);
      engine.audit().record(AuditAction.SESSION_INITIALIZED, id, Outcome.SUCCESS, Map.of("checkpointId", c.id().value(),
          "userId", state.metadata().userId(), "environment", state.metadata().environment()));
      return c;
    });
  }

  /**
   * Start the periodic checkpoints. The handle is already published when this runs, so it takes the
   * lock and does nothing once another thread closed the session: a closed session never keeps a timer.
   */
  void startPeriodic(Duration period) {
    long nanos = TimeUnit.NANOSECONDS.convert(period);
    lock.lock();
    try {
      if (!closed) {
        periodic = engine.scheduler().scheduleAtFixedRate(this::periodicTick, nanos, nanos, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private void periodicTick() {
    try {
      if (!closed && !engine.isClosed() && head.changedSince(state.revision())) {
        autoCheckpoint(CheckpointType.AUTO_PERIODIC, "periodic checkpoint");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "periodic checkpoint of session '" + id + "' failed", e);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public SessionState getCurrentState() {
    ensureOpen();
    return state;
  }

  @Override
  public StateMapper stateMapper() {
    return engine.stateMapper();
  }

  @Override
  public SessionState update(UnaryOperator<SessionState> change) {
    Objects.requireNonNull(change, "change");
    return locked(p -> applyUpdate(change));
  }

  SessionState applyUpdate(UnaryOperator<SessionState> change) {
    SessionState current = state;
    SessionState next = change.apply(current);
    if (next == null) {
      throw new InvalidStateException("update of session '" + id + "' returned null: return a state, for example "
          + "state.with(key, value)", id);
    }
    if (!next.sessionId().equals(id)) {
      throw new InvalidStateException("update of session '" + id + "' returned the state of session '"
          + next.sessionId() + "': derive the new state from the one passed in", id);
    }
    state = next.withRevision(current.revision() + 1);
    StateUpdateAudit.updated(engine, current, state);
    return state;
  }

  @Override
  public Checkpoint createCheckpoint(CheckpointType type, String description) {
    return createCheckpoint(type, description, Map.of());
  }

  @Override
  public Checkpoint createCheckpoint(CheckpointType type, String description, Map<String, String> labels) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    CheckpointWriter.requireUserLabels(labels);
    if (ENGINE_OWNED.contains(type)) {
      throw new IllegalArgumentException("checkpoint type " + type + " is written by the engine itself: use "
          + "USER_REQUESTED or an automatic type");
    }
    return locked(p -> checkpointLocked(type, description, labels, p));
  }

  Checkpoint checkpointLocked(CheckpointType type, String description, Map<String, String> labels, ObserverBus.Pending p) {
    return writer.write(state, type, description, labels, true, p);
  }

  @Override
  public CompletionStage<Checkpoint> createCheckpointAsync(CheckpointType type, String description) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    ensureOpen();
    CheckpointConfig config = engine.config().checkpoint();
    if (!config.asyncCheckpoints()) {
      try {
        return CompletableFuture.completedFuture(createCheckpoint(type, description));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    if (ENGINE_OWNED.contains(type)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("checkpoint type " + type + " is written by "
          + "the engine itself: use USER_REQUESTED or an automatic type"));
    }
    return async.submit(() -> queuedLocked(p -> checkpointLocked(type, description, Map.of(), p)),
        config.checkpointTimeout());
  }

  @Override
  public AutoCheckpointResult autoCheckpoint(CheckpointType type, String description) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!type.isAutomatic()) {
      throw new IllegalArgumentException("checkpoint type " + type + " is not automatic: use createCheckpoint, or one of "
          + "PATTERN_MILESTONE, SCORING_DECISION, THERAPEUTIC_PHASE, AUTO_PERIODIC");
    }
    return locked(p -> writer.skipped(type, p)
        .orElseGet(() -> AutoCheckpointResult.taken(checkpointLocked(type, description, Map.of(), p))));
  }

  @Override
  public List<Checkpoint> checkpoints() {
    ensureOpen();
    return engine.store().list(id, CheckpointQuery.all());
  }

  @Override
  public RollbackResult rollbackToCheckpoint(CheckpointId checkpointId) {
    Objects.requireNonNull(checkpointId, "checkpointId");
    return locked(p -> rollbackLocked(checkpointId, p));
  }

  RollbackResult rollbackLocked(CheckpointId target, ObserverBus.Pending p) {
    return rollback.run(target, p);
  }

  CheckpointRecord readRecord(CheckpointId target) {
    return rollback.read(target);
  }

  /** Verify a record (state hash, chain against its parent when known) and decode it. */
  SessionState verified(CheckpointRecord record, ObserverBus.Pending p) {
    return rollback.verified(record, head, p);
  }

  /** Verify against a given view of the history; the result can seed the next delta ({@link #seed}). */
  CheckpointCodec.Verified verify(CheckpointRecord record, SessionHead history, ObserverBus.Pending p) {
    return rollback.verify(record, history, p);
  }

  /** Take the verified state it was resumed from as the next delta's base; before the handle is published. */
  void seed(CheckpointCodec.@Nullable Base base) {
    writer.seed(base);
  }

  /** Swap in the state a rollback committed (its RECOVERY_POINT is stored); under the lock. */
  void committed(SessionState next) {
    state = next;
  }

  @Override
  public RecoveryResult recover(Failure failure) {
    Objects.requireNonNull(failure, "failure");
    ensureOpen();
    RecoveryStrategy strategy = engine.strategyFor(failure.type());
    return locked(p -> SessionRecovery.run(this, engine, failure, strategy, p));
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (periodic != null) {
        periodic.cancel(false);
      }
    } finally {
      lock.unlock();
    }
    engine.released(this);
  }

  /** Close without auditing or deregistering; used when the whole engine closes. */
  void closeQuietly() {
    closed = true;
    if (periodic != null) {
      periodic.cancel(false);
    }
  }

  SessionState state() {
    return state;
  }

  /** Take the state another writer committed, after a reload from the store. Caller holds the lock. */
  void reloaded(SessionState winner) {
    state = winner;
  }

  List<Checkpoint> liveCheckpoints() {
    return head.snapshot();
  }

  /**
   * Tell whether this session holds a checkpoint, for the hint in a not-found message. Best effort:
   * it only tries the lock, because the caller holds another session's lock and two sessions looking
   * each other up while both hold their own lock must not deadlock.
   */
  boolean holds(CheckpointId checkpointId) {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      return head.holds(checkpointId);
    } finally {
      lock.unlock();
    }
  }

  <T> T locked(Function<ObserverBus.Pending, T> operation) {
    return locked(operation, this::ensureOpen);
  }

  /** Run a write queued by createCheckpointAsync: it may still run while the engine drains on close. */
  private <T> T queuedLocked(Function<ObserverBus.Pending, T> operation) {
    return locked(operation, () -> {
      engine.ensureOpenForQueuedWork();
      ensureSessionOpen();
    });
  }

  /**
   * Apply retention now (the engine's sweep) and return the number deleted; without {@code wait}, a
   * session whose lock another operation holds is left alone (-1).
   */
  int sweepRetention(boolean wait) {
    if (wait) {
      return locked(writer::sweep);
    }
    ObserverBus.Pending pending = engine.bus().pending(id);
    if (!lock.tryLock()) {
      return -1;
    }
    try {
      ensureOpen();
      current = pending;
      return writer.sweep(pending);
    } finally {
      current = null;
      lock.unlock();
      pending.deliver();
    }
  }

  /** Return a future that completes once every asynchronous checkpoint queued so far has run. */
  CompletableFuture<?> pendingAsync() {
    return async.drained();
  }

  private <T> T locked(Function<ObserverBus.Pending, T> operation, Runnable openCheck) {
    openCheck.run();
    if (lock.isHeldByCurrentThread()) {
      return operation.apply(Objects.requireNonNull(current, "current pending notifications of a locked operation"));
    }
    ObserverBus.Pending pending = engine.bus().pending(id);
    lock.lock();
    try {
      openCheck.run();
      current = pending;
      return operation.apply(pending);
    } finally {
      current = null;
      lock.unlock();
      pending.deliver();
    }
  }

  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  private void ensureOpen() {
    engine.ensureOpen();
    ensureSessionOpen();
  }

  private void ensureSessionOpen() {
    if (closed) {
      throw new ClosedException("session '" + id + "' was closed: resume it with engine.resume(\"" + id + "\")", id);
    }
  }

  static CheckpointNotFoundException notFound(String sessionId, CheckpointId checkpointId, Optional<String> owner) {
    return new CheckpointNotFoundException(owner.map(o -> "checkpoint " + checkpointId + " belongs to session '" + o
        + "', not to session '" + sessionId + "': roll back each session to one of its own checkpoints")
        .orElse("checkpoint " + checkpointId + " is not a live checkpoint of session '" + sessionId
            + "' (unknown id, or deleted by retention): pick one from session.checkpoints()"), sessionId, checkpointId);
  }
}
