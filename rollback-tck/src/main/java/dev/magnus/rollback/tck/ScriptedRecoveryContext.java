package dev.magnus.rollback.tck;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Play the engine's part for a recovery strategy under test: a session with scripted checkpoints,
 * injectable failures, a {@link ManualClock}, a scheduler, and a log of every call.
 *
 * <p>Each scripted checkpoint holds a state whose attribute {@code label} names it, and has a type
 * (SESSION_START for the first and USER_REQUESTED for the others unless the builder names one, so a
 * PRE_ROLLBACK or a RECOVERY_POINT can be scripted too). A checkpoint can be scripted as corrupt
 * ({@link #load} and {@link #restore} throw {@link IntegrityViolationException}) or invalid (its state
 * fails {@link #validate}); restores, of every checkpoint or of chosen ones, can be scripted to fail
 * with {@link StoreException}, which leaves the state and the checkpoints unchanged, as the engine's
 * atomic rollback does; {@link #checkpoint} can be scripted to fail the same way. A successful restore
 * writes PRE_ROLLBACK then RECOVERY_POINT, like the engine.
 *
 * <p>What the strategy did can be read back without being logged as a call: {@link #calls()},
 * {@link #attempts()}, {@link #restores()}, {@link #written()}, {@link #stateOf}, {@link #currentLabel()}
 * and {@link #callers()}, the threads that used the context (a strategy should use it from the
 * recovering thread only, as the engine's context is not thread-safe).
 *
 * <p>Thread-safe (the methods synchronize), so one strategy instance may run several contexts at
 * once. {@link #close()} stops the scheduler, unless the builder was given one.
 */
public final class ScriptedRecoveryContext implements RecoveryContext, AutoCloseable {
  /** The attribute naming the checkpoint a state came from. */
  public static final String LABEL = "label";
  /** The label of the state current when recovery starts. */
  public static final String BROKEN = "broken-current";
  private static final String INVALID = "invalid";

  private final String sessionId;
  private final Failure failure;
  private final RecoveryConfig options;
  private final ManualClock clock = new ManualClock(TckCheckpoints.EPOCH);
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final Map<CheckpointId, SessionState> states = new HashMap<>();
  private final Set<CheckpointId> corrupt = new HashSet<>();
  private final Set<CheckpointId> unrestorable = new HashSet<>();
  private final boolean failRestores;
  private final boolean failCheckpoints;
  private final List<String> calls = new ArrayList<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<CheckpointId> restores = new ArrayList<>();
  private final Set<Thread> callers = ConcurrentHashMap.newKeySet();
  private final int scriptedCount;
  private SessionState current;

  ScriptedRecoveryContext(RecoveryScript b) {
    sessionId = b.sessionId;
    failure = b.failure;
    options = b.options;
    failRestores = b.failRestores;
    failCheckpoints = b.failCheckpoints;
    ownsScheduler = b.scheduler == null;
    scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tck-recovery-scheduler");
      t.setDaemon(true);
      return t;
    }) : b.scheduler;
    current = state(BROKEN, false).withRevision(b.scripted.size() + 5L);
    for (RecoveryScript.Scripted s : b.scripted) {
      CheckpointType type = s.type() != null ? s.type()
          : checkpoints.isEmpty() ? CheckpointType.SESSION_START : CheckpointType.USER_REQUESTED;
      Checkpoint c = append(type, s.label(), state(s.label(), s.kind() == RecoveryScript.Kind.INVALID), Map.of());
      if (s.kind() == RecoveryScript.Kind.CORRUPT) {
        corrupt.add(c.id());
      }
    }
    scriptedCount = checkpoints.size();
    for (String label : b.unrestorable) {
      unrestorable.add(idOf(label));
    }
  }

  /**
   * One report of an attempt, as the strategy gave it to {@link #attempted}.
   *
   * @param attempt the attempt number, from 1
   * @param step the step or action attempted, if named
   * @param waitBefore how long the strategy waited before it
   * @param cause why the previous attempt failed, if this is a retry or a rejection
   */
  public record Attempt(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause) {
    /** Check the fields. */
    public Attempt {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(waitBefore, "waitBefore");
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Start scripting a session.
   *
   * @param sessionId the session id
   * @return the builder
   */
  public static RecoveryScript forSession(String sessionId) {
    return new RecoveryScript(sessionId);
  }

  private SessionState state(String label, boolean invalid) {
    SessionMetadata meta = SessionMetadata.of("tck-user", "test", "1", List.of(), TckCheckpoints.EPOCH);
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(LABEL, label);
    attributes.put(INVALID, invalid);
    return new SessionState(sessionId, meta, 0, attributes);
  }

  private Checkpoint append(CheckpointType type, String description, SessionState state, Map<String, String> labels) {
    long seq = checkpoints.size() + 1L;
    Optional<CheckpointId> parent = checkpoints.isEmpty() ? Optional.empty()
        : Optional.of(checkpoints.get(checkpoints.size() - 1).id());
    Checkpoint c = new Checkpoint(CheckpointId.of("tck-" + seq), sessionId, seq, parent, type, description,
        clock.instant(), labels, "e".repeat(64), "f".repeat(64), 0, 0, Compression.NONE);
    checkpoints.add(c);
    states.put(c.id(), state);
    return c;
  }

  /**
   * Return the id of the scripted checkpoint with a label.
   *
   * @param label the label given to the builder
   * @return its id
   */
  public synchronized CheckpointId idOf(String label) {
    return checkpoints.stream().filter(c -> c.description().equals(label)).findFirst().map(Checkpoint::id)
        .orElseThrow(() -> new IllegalArgumentException("no checkpoint labelled " + label));
  }

  /**
   * Return the label of the current state.
   *
   * @return the label
   */
  public synchronized String currentLabel() {
    return String.valueOf(current.attributes().get(LABEL));
  }

  /**
   * Return every call the strategy made, in order, as {@code method:argument}.
   *
   * @return a snapshot
   */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /**
   * Return the checkpoints the strategy wrote (restores and explicit checkpoints), in order.
   *
   * @return a snapshot
   */
  public synchronized List<Checkpoint> written() {
    return List.copyOf(checkpoints.subList(scriptedCount, checkpoints.size()));
  }

  /**
   * Return every attempt the strategy reported through {@link #attempted}, in order.
   *
   * @return a snapshot
   */
  public synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /**
   * Return the checkpoints the strategy restored successfully, in order (failed restores are left out;
   * {@link #calls()} has every call).
   *
   * @return a snapshot
   */
  public synchronized List<CheckpointId> restores() {
    return List.copyOf(restores);
  }

  /**
   * Return the state a checkpoint holds, scripted or written by the strategy, without logging a call
   * and whether or not the checkpoint is scripted as corrupt.
   *
   * @param id the checkpoint
   * @return its state
   * @throws IllegalArgumentException if the session has no such checkpoint
   */
  public synchronized SessionState stateOf(CheckpointId id) {
    SessionState s = states.get(Objects.requireNonNull(id, "id"));
    if (s == null) {
      throw new IllegalArgumentException("no checkpoint " + id + " in session " + sessionId);
    }
    return s;
  }

  /**
   * Return every thread that called one of the {@link RecoveryContext} methods (the test's own calls
   * included; the read-back methods of this class do not count).
   *
   * @return a snapshot
   */
  public Set<Thread> callers() {
    return Set.copyOf(callers);
  }

  /**
   * Return the controllable clock.
   *
   * @return the clock the strategy sees
   */
  public ManualClock manualClock() {
    return clock;
  }

  private void called() {
    callers.add(Thread.currentThread());
  }

  @Override
  public String sessionId() {
    called();
    return sessionId;
  }

  @Override
  public Failure failure() {
    called();
    return failure;
  }

  @Override
  public synchronized SessionState currentState() {
    called();
    return current;
  }

  @Override
  public synchronized List<Checkpoint> checkpoints() {
    called();
    calls.add("checkpoints");
    return List.copyOf(checkpoints);
  }

  @Override
  public synchronized SessionState load(CheckpointId id) {
    called();
    calls.add("load:" + id);
    return verified(id);
  }

  private SessionState verified(CheckpointId id) {
    SessionState s = states.get(Objects.requireNonNull(id, "id"));
    if (s == null) {
      throw new CheckpointNotFoundException("checkpoint " + id + " is not in session " + sessionId);
    }
    if (corrupt.contains(id)) {
      throw new IntegrityViolationException("checkpoint " + id + " fails its hash check (scripted corruption)");
    }
    return s;
  }

  @Override
  public synchronized RollbackResult restore(CheckpointId id) {
    called();
    calls.add("restore:" + id);
    SessionState target = verified(id);
    if (failRestores || unrestorable.contains(id)) {
      throw new StoreException("scripted store failure while restoring " + id + ": nothing was written");
    }
    Checkpoint pre = append(CheckpointType.PRE_ROLLBACK, "pre-rollback", current, Map.of());
    Checkpoint point = append(CheckpointType.RECOVERY_POINT, "recovery-point", target,
        Map.of(Checkpoint.RESTORED_FROM, id.value()));
    current = target.withRevision(current.revision() + 1);
    restores.add(id);
    Checkpoint targetDescriptor = checkpoints.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    return new RollbackResult(sessionId, targetDescriptor, pre, point, current, Duration.ZERO);
  }

  @Override
  public synchronized SessionState update(UnaryOperator<SessionState> change) {
    called();
    calls.add("update");
    current = change.apply(current).withRevision(current.revision() + 1);
    return current;
  }

  @Override
  public synchronized Checkpoint checkpoint(CheckpointType type, String description) {
    called();
    calls.add("checkpoint:" + type);
    if (failCheckpoints) {
      throw new StoreException("scripted store failure: cannot checkpoint '" + description + "', nothing was written");
    }
    return append(type, description, current, Map.of());
  }

  @Override
  public synchronized ValidationResult validate(SessionState state) {
    called();
    calls.add("validate:" + state.attributes().get(LABEL));
    return Boolean.TRUE.equals(state.attributes().get(INVALID)) ? ValidationResult.invalid("scripted invalid state")
        : ValidationResult.valid();
  }

  @Override
  public synchronized void attempted(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause) {
    called();
    calls.add("attempted:" + attempt + step.map(s -> ":" + s).orElse(""));
    attempts.add(new Attempt(attempt, step, waitBefore, cause));
  }

  @Override
  public RecoveryConfig options() {
    called();
    return options;
  }

  @Override
  public Clock clock() {
    called();
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    called();
    return scheduler;
  }

  /** Stop the context's own scheduler; one given to {@link RecoveryScript#scheduler} is left running. */
  @Override
  public void close() {
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

}
