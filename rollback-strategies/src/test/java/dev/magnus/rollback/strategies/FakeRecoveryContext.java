package dev.magnus.rollback.strategies;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointNotFoundException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.ValidationResult;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/*
 * An in-memory RecoveryContext for strategy tests: a list of checkpoints with their states, checkpoints
 * whose integrity check fails on load() or restore(), checkpoints whose restore() fails with a store
 * error, a validator that rejects states with the attribute corrupt=true, and restore() that does
 * what the engine does (PRE_ROLLBACK of the current state, RECOVERY_POINT labelled restoredFrom, then
 * the swap). It records restores, attempted() events and every thread that called it. Not
 * thread-safe, like the real context: a strategy must use it from the recovering thread only.
 */
final class FakeRecoveryContext implements RecoveryContext {
  /** One attempted() call. */
  record Attempt(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause) {}

  private record Stored(Checkpoint checkpoint, SessionState state) {}

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final String sessionId;
  private final ScheduledExecutorService scheduler;
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final List<Stored> stored = new ArrayList<>();
  private final Set<CheckpointId> corrupt = new HashSet<>();
  private final Set<CheckpointId> unrestorable = new HashSet<>();
  private final List<CheckpointId> restores = new ArrayList<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final Set<Thread> callers = new HashSet<>();
  private boolean failCheckpoints;
  private Failure failure = Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "the model gateway failed");
  private RecoveryConfig options = RecoveryConfig.ofDefaults();
  private final SessionState base;
  private SessionState current;
  private int loads;

  private FakeRecoveryContext(String sessionId, ScheduledExecutorService scheduler) {
    this.sessionId = sessionId;
    this.scheduler = scheduler;
    this.base = SessionState.initial(sessionId,
        SessionMetadata.of("user-1", "test", "1.0", List.of(), T0), Map.of("value", 0L));
    this.current = base;
  }

  /** A session without checkpoints whose current state is {value=0}. */
  static FakeRecoveryContext session(String sessionId, ScheduledExecutorService scheduler) {
    return new FakeRecoveryContext(sessionId, scheduler);
  }

  /** A session with one SESSION_START, then USER_REQUESTED checkpoints holding value=1..n-1. */
  static FakeRecoveryContext withCheckpoints(String sessionId, int n, ScheduledExecutorService scheduler) {
    FakeRecoveryContext context = session(sessionId, scheduler);
    for (int i = 0; i < n; i++) {
      context.add(i == 0 ? CheckpointType.SESSION_START : CheckpointType.USER_REQUESTED, context.state(i));
    }
    return context;
  }

  FakeRecoveryContext failing(Failure value) {
    failure = value;
    return this;
  }

  FakeRecoveryContext options(RecoveryConfig value) {
    options = value;
    return this;
  }

  /** A (valid) state of this session holding value. */
  SessionState state(long value) {
    return base.with("value", value);
  }

  /** A state of this session that the validator rejects. */
  SessionState corruptState(long value) {
    return state(value).with("corrupt", true);
  }

  /** Append a checkpoint holding the state; the current state does not change. */
  CheckpointId add(CheckpointType type, SessionState state) {
    long sequence = stored.size() + 1;
    Optional<CheckpointId> parent = stored.isEmpty() ? Optional.empty() : Optional.of(newest().id());
    return append(sequence, parent, type, type + " " + sequence, Map.of(), state).id();
  }

  /** Make load() and restore() of a checkpoint fail their integrity check. */
  void corrupt(CheckpointId id) {
    corrupt.add(id);
  }

  /** Make restore() of a checkpoint fail with a store error, although load() succeeds. */
  void failRestoreOf(CheckpointId id) {
    unrestorable.add(id);
  }

  /** Make every later checkpoint() fail with a store error. */
  void failCheckpoints() {
    failCheckpoints = true;
  }

  /** Make the current (in-memory) state something else. */
  void setCurrent(SessionState state) {
    current = state;
  }

  List<Checkpoint> all() {
    return stored.stream().map(Stored::checkpoint).toList();
  }

  Checkpoint newest() {
    return stored.get(stored.size() - 1).checkpoint();
  }

  SessionState stateOf(CheckpointId id) {
    return find(id).state();
  }

  List<CheckpointId> restores() {
    return List.copyOf(restores);
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** Every thread that called the context's interface methods (tests reading currentState() count too). */
  Set<Thread> callers() {
    return Set.copyOf(callers);
  }

  int loads() {
    return loads;
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public Failure failure() {
    return failure;
  }

  @Override
  public SessionState currentState() {
    called();
    return current;
  }

  @Override
  public List<Checkpoint> checkpoints() {
    called();
    return all();
  }

  @Override
  public SessionState load(CheckpointId id) {
    called();
    loads++;
    return verified(id).state();
  }

  @Override
  public RollbackResult restore(CheckpointId id) {
    called();
    Stored target = verified(id);
    if (unrestorable.contains(id)) {
      throw new StoreException("store refused the rollback to " + id);
    }
    Checkpoint pre = append(stored.size() + 1, Optional.of(newest().id()), CheckpointType.PRE_ROLLBACK,
        "before rollback to " + id, Map.of(), current);
    Checkpoint point = append(stored.size() + 1, Optional.of(id), CheckpointType.RECOVERY_POINT,
        "rollback to " + id, Map.of(Checkpoint.RESTORED_FROM, id.value()), target.state());
    current = target.state();
    restores.add(id);
    return new RollbackResult(sessionId, target.checkpoint(), pre, point, current, Duration.ZERO);
  }

  @Override
  public SessionState update(UnaryOperator<SessionState> change) {
    called();
    current = change.apply(current).withRevision(current.revision() + 1);
    return current;
  }

  @Override
  public Checkpoint checkpoint(CheckpointType type, String description) {
    called();
    if (failCheckpoints) {
      throw new StoreException("store is full: cannot checkpoint '" + description + "'");
    }
    return append(stored.size() + 1, Optional.of(newest().id()), type, description, Map.of(), current);
  }

  @Override
  public ValidationResult validate(SessionState state) {
    called();
    return Boolean.TRUE.equals(state.attributes().get("corrupt"))
        ? ValidationResult.invalid("value " + state.attributes().get("value") + " is marked corrupt")
        : ValidationResult.valid();
  }

  @Override
  public void attempted(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause) {
    called();
    attempts.add(new Attempt(attempt, step, waitBefore, cause));
  }

  @Override
  public RecoveryConfig options() {
    return options;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  private void called() {
    callers.add(Thread.currentThread());
  }

  private Stored find(CheckpointId id) {
    return stored.stream().filter(s -> s.checkpoint().id().equals(id)).findFirst()
        .orElseThrow(() -> new CheckpointNotFoundException("no checkpoint " + id + " in session " + sessionId));
  }

  private Stored verified(CheckpointId id) {
    Stored found = find(id);
    if (corrupt.contains(id)) {
      throw new IntegrityViolationException("checkpoint " + id + " failed its hash check");
    }
    return found;
  }

  private Checkpoint append(long sequence, Optional<CheckpointId> parent, CheckpointType type, String description,
      Map<String, String> labels, SessionState state) {
    Checkpoint checkpoint = new Checkpoint(CheckpointId.of("cp-" + sequence), sessionId, sequence, parent, type,
        description, clock.instant(), labels, "state-" + sequence, "chain-" + sequence, 0, 0, Compression.NONE);
    stored.add(new Stored(checkpoint, state));
    return checkpoint;
  }
}
