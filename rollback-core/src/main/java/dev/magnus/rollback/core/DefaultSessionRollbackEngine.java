package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditLog;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CleanupResult;
import dev.magnus.rollback.EngineStats;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.SessionPage;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionIds;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StateValidator;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import dev.magnus.rollback.core.internal.Providers;
import dev.magnus.rollback.core.internal.JacksonStateMapper;
import dev.magnus.rollback.StateMapper;
import org.jspecify.annotations.Nullable;

/**
 * The default engine: many sessions over one store, one audit trail, one observer bus.
 *
 * <p>Sessions live in a concurrent map; each {@link SessionHandle} serializes its own operations, so
 * different sessions run in parallel and share only the store, the audit trail's short critical
 * section and the id generator. Initialization claims the id in the map first (so two threads cannot
 * both start it), then checks the store (so a stored session is resumed, not overwritten); the store's
 * conflict check on sequence 1 settles a race between two engines on a shared store. The engine owns
 * the store and closes it on {@link #close()}.
 *
 * <p>Closing has two phases. {@code closing}: new operations are refused, but asynchronous
 * checkpoints already queued still run, and close waits for them (the "drain"), at most
 * {@code checkpoint.checkpointTimeoutMs}. {@code closed}: sessions are closed, then the store; a
 * queued write still running past the bound fails against the closed store and its stage reports it.
 */
final class DefaultSessionRollbackEngine implements SessionRollbackEngine {
  private static final System.Logger LOG = System.getLogger(DefaultSessionRollbackEngine.class.getName());
  private final RollbackConfig config;
  private final CheckpointStore store;
  private final Map<String, RecoveryStrategy> strategies;
  private final StateValidator validator;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final AuditTrail audit;
  private final ObserverBus bus;
  private final CheckpointCodec codec;
  private final RetentionSweeper sweeper;
  private final EngineAdmin admin;
  private final ConcurrentHashMap<String, SessionHandle> sessions = new ConcurrentHashMap<>();
  private final List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Runnable> closingHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Object closeLock = new Object();
  private final AtomicInteger queued = new AtomicInteger(); // asynchronous checkpoints queued or running
  private volatile StateMapper stateMapper = new JacksonStateMapper();
  private volatile Upcasters upcasters;
  private volatile boolean closing;
  private volatile boolean closed;

  DefaultSessionRollbackEngine(EngineContext context, Map<String, String> environment,
      dev.magnus.rollback.spi.@Nullable KeyProvider keys) {
    this.config = context.config();
    this.store = context.store();
    this.strategies = context.strategies();
    this.validator = context.validator();
    this.clock = context.clock();
    this.scheduler = context.scheduler();
    this.audit = new AuditTrail(clock, config.audit().maxEntries(), context.auditSinks());
    this.bus = new ObserverBus(audit, context.observers());
    long maxState = config.checkpoint().maxStateBytes();
    this.upcasters = new Upcasters(config.state().schemaVersion(), java.util.List.of());
    this.codec = new CheckpointCodec(new StateCodec(maxState), Hasher.from(config.integrity(), environment),
        new PayloadCompression(config.compression()), new CheckpointIdGenerator(clock), maxState,
        config.state().schemaVersion(), config.checkpoint().delta(),
        KeyRing.cipher(config.integrity().encryption(), keys, environment, store, clock));
    this.sweeper = new RetentionSweeper(this);
    this.admin = new EngineAdmin(this);
  }

  /** Create the engine and start its retention sweep on the scheduler. */
  static DefaultSessionRollbackEngine start(EngineContext context, Map<String, String> environment,
      dev.magnus.rollback.spi.@Nullable KeyProvider keys) {
    DefaultSessionRollbackEngine engine = new DefaultSessionRollbackEngine(context, environment, keys);
    engine.sweeper.schedule(engine.config.checkpoint().sweepInterval());
    return engine;
  }

  @Override
  public Session initialize(String sessionId, SessionMetadata metadata, Map<String, ?> attributes) {
    KeyRing.requireNotReserved(SessionIds.require(sessionId));
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(attributes, "attributes");
    ensureOpen();
    return started(SessionState.initial(sessionId, metadata, attributes), Map.of());
  }

  /** Claim the state's id, refuse one the store holds, write SESSION_START with the labels. */
  SessionHandle started(SessionState state, Map<String, String> labels) {
    String sessionId = state.sessionId();
    SessionHandle handle = new SessionHandle(this, state, List.of());
    if (sessions.putIfAbsent(sessionId, handle) != null) {
      throw alreadyExists(sessionId, "is open in this engine");
    }
    try {
      if (store.latest(sessionId).isPresent()) {
        throw alreadyExists(sessionId, "has checkpoints in the store");
      }
      handle.start(labels);
    } catch (RuntimeException e) {
      sessions.remove(sessionId, handle);
      handle.closeQuietly();
      throw e;
    }
    schedulePeriodic(handle);
    return handle;
  }

  private static SessionAlreadyExistsException alreadyExists(String sessionId, String where) {
    return new SessionAlreadyExistsException("session '" + sessionId + "' already exists (it " + where
        + "): resume it with engine.resume(\"" + sessionId + "\"), or pick a new id", sessionId);
  }

  @Override
  public Session resume(String sessionId) {
    KeyRing.requireNotReserved(SessionIds.require(sessionId));
    ensureOpen();
    SessionHandle open = sessions.get(sessionId);
    if (open != null) {
      return open;
    }
    List<Checkpoint> live = store.list(sessionId, CheckpointQuery.all());
    if (live.isEmpty()) {
      throw new SessionNotFoundException("session '" + sessionId + "' has no checkpoint in the store: initialize it, "
          + "or check storage.type and the store's location", sessionId);
    }
    Checkpoint newest = live.get(live.size() - 1);
    SessionHandle probe = new SessionHandle(this, placeholder(sessionId), live);
    CheckpointRecord record = store.read(sessionId, newest.id()).orElseThrow(() -> checkpointNotFound(sessionId, newest.id()));
    CheckpointCodec.Verified state = probe.locked(p -> probe.verify(record, new SessionHead(live, 0), p));
    SessionHandle handle = new SessionHandle(this, state.state(), live);
    handle.seed(state.base());
    SessionHandle raced = sessions.putIfAbsent(sessionId, handle);
    if (raced != null) {
      return raced;
    }
    audit.record(AuditAction.SESSION_RESUMED, sessionId, Outcome.SUCCESS, Map.of("checkpointId", newest.id().value(),
        "sequence", Long.toString(newest.sequence()), "checkpoints", Integer.toString(live.size())));
    schedulePeriodic(handle);
    return handle;
  }

  private static SessionState placeholder(String sessionId) {
    return SessionState.initial(sessionId, SessionMetadata.of("", "", "", List.of(), java.time.Instant.EPOCH), Map.of());
  }

  private void schedulePeriodic(SessionHandle handle) {
    Duration period = config.checkpoint().periodic();
    if (!period.isZero()) {
      handle.startPeriodic(period);
    }
  }

  @Override
  public Optional<Session> session(String sessionId) {
    ensureOpen();
    return Optional.ofNullable(sessions.get(SessionIds.require(sessionId)));
  }

  @Override
  public Set<String> openSessions() {
    ensureOpen();
    return Set.copyOf(sessions.keySet());
  }

  @Override
  public int openSessionCount() {
    return sessions.size();
  }

  @Override
  public int queuedCheckpoints() {
    return queued.get();
  }

  @Override
  public AuditLog getAuditLog() {
    return audit;
  }

  @Override
  public void addObserver(SessionObserver observer) {
    bus.add(Objects.requireNonNull(observer, "observer"));
  }

  @Override
  public boolean removeObserver(SessionObserver observer) {
    return bus.remove(Objects.requireNonNull(observer, "observer"));
  }

  @Override
  public RollbackConfig config() {
    return config;
  }

  @Override
  public SessionPage sessions(String after, int limit) {
    ensureOpen();
    return admin.sessions(after, limit);
  }

  @Override
  public List<CheckpointStatus> checkpoints(String sessionId, HistoryQuery query) {
    ensureOpen();
    return admin.checkpoints(SessionIds.require(sessionId), Objects.requireNonNull(query, "query"));
  }

  @Override
  public EngineStats stats() {
    ensureOpen();
    return admin.stats(sessions.size());
  }

  @Override
  public int deleteSession(String sessionId, boolean force) {
    ensureOpen();
    return admin.deleteSession(KeyRing.requireNotReserved(SessionIds.require(sessionId)), force, sessions);
  }

  @Override
  public Session fork(String sourceSessionId, CheckpointId checkpointId, String newSessionId) {
    SessionHandle forked = admin.fork(SessionIds.require(sourceSessionId), Objects.requireNonNull(checkpointId,
        "checkpointId"), KeyRing.requireNotReserved(SessionIds.require(newSessionId)));
    schedulePeriodic(forked);
    return forked;
  }

  @Override
  public CleanupResult cleanup() {
    ensureOpen();
    return sweeper.sweep(true);
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closing) {
        return;
      }
      closing = true;
    }
    sweeper.cancel();
    closingHooks.forEach(Runnable::run);
    AsyncCheckpointQueue.drain(sessions.values().stream().map(SessionHandle::pendingAsync),
        config.checkpoint().checkpointTimeout());
    closed = true;
    sessions.values().forEach(SessionHandle::closeQuietly);
    sessions.clear();
    try {
      store.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "closing the checkpoint store failed", e);
    }
    closeHooks.forEach(Runnable::run);
  }

  /** Run a hook once close() has started refusing new operations, before it drains pending writes. */
  void onClosing(Runnable hook) {
    closingHooks.add(hook);
  }

  /** Use the builder's mapper for the typed methods of this engine's sessions (set before any session exists). */
  void useStateMapper(StateMapper mapper) {
    stateMapper = mapper;
  }

  StateMapper stateMapper() {
    return stateMapper;
  }

  /** Use the builder's upcasters for states read at an older schema version (set before any session exists). */
  void useUpcasters(Upcasters chain) {
    upcasters = chain;
  }

  Upcasters upcasters() {
    return upcasters;
  }

  /** Run a hook after the engine closed, for resources the builder created on its behalf. */
  void onClose(Runnable hook) {
    closeHooks.add(hook);
  }

  void released(SessionHandle handle) {
    if (sessions.remove(handle.id(), handle)) {
      audit.record(AuditAction.SESSION_CLOSED, handle.id(), Outcome.SUCCESS, Map.of());
    }
  }

  RecoveryStrategy strategyFor(FailureType type) {
    String name = config.recovery().strategyFor(type);
    RecoveryStrategy strategy = strategies.get(name);
    if (strategy == null) {
      String key = config.recovery().byFailureType().containsKey(type) ? "recovery.byFailureType." + type : "recovery.strategy";
      throw Providers.strategyNotFound(name, key, strategies.keySet());
    }
    return strategy;
  }

  CheckpointNotFoundException checkpointNotFound(String sessionId, CheckpointId id) {
    Optional<String> owner = sessions.values().stream().filter(h -> !h.id().equals(sessionId) && h.holds(id))
        .map(SessionHandle::id).findFirst();
    return SessionHandle.notFound(sessionId, id, owner);
  }

  /** Return the handle of a session open in this engine, or null. */
  @Nullable SessionHandle openHandle(String sessionId) {
    return sessions.get(sessionId);
  }

  void ensureOpen() {
    if (closing) {
      throw new ClosedException("the session rollback engine is closed: build a new engine");
    }
  }

  /** Let a write queued before close() run while close drains; refuse it once the store is closing. */
  void ensureOpenForQueuedWork() {
    if (closed) {
      throw new ClosedException("the session rollback engine closed before this queued checkpoint ran (it waited "
          + "checkpoint.checkpointTimeoutMs for pending writes): nothing was written");
    }
  }

  boolean isClosed() {
    return closed;
  }

  CheckpointStore store() {
    return store;
  }

  AuditTrail audit() {
    return audit;
  }

  ObserverBus bus() {
    return bus;
  }

  CheckpointCodec codec() {
    return codec;
  }

  Clock clock() {
    return clock;
  }

  /** The count of asynchronous checkpoints queued or running, shared by every session's queue. */
  AtomicInteger queued() {
    return queued;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  StateValidator validator() {
    return validator;
  }
}
