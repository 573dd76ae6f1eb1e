package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.ValidationResult;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Time is virtual: the clock is a {@link ManualClock} and, unless the builder was given a scheduler,
 * {@link #scheduler()} is a {@link VirtualScheduler} on that clock, which records every wait and time
 * limit and moves the clock when it fires them. Steps scripted with
 * {@link RecoveryScript#step(String, ScriptedAttempt...)} succeed, fail, hang or interrupt the recovery
 * as scripted, and every call of their actions is recorded ({@link #stepRuns()}). Run the strategy with
 * {@link #recoverWith(RecoveryStrategy)} so the scheduler knows the recovering thread.
 *
 * <p>What the strategy did can be read back without being logged as a call: {@link #calls()},
 * {@link #attempts()}, {@link #restores()}, {@link #written()}, {@link #stateOf}, {@link #currentLabel()},
 * {@link #stepRuns()} and {@link #callers()}, the threads that used the context (a strategy should use it
 * from the recovering thread only, as the engine's context is not thread-safe).
 *
 * <p>Thread-safe (the methods synchronize), so one strategy instance may run several contexts at
 * once. {@link #close()} stops the scheduler, unless the builder was given one, and releases hanging steps.
 */
public final class ScriptedRecoveryContext implements RecoveryContext, AutoCloseable {
  /** The attribute naming the checkpoint a state came from. */
  public static final String LABEL = "label";
  /** The label of the state current when recovery starts. */
  public static final String BROKEN = "broken-current";
  /** The attribute to which each scripted step that succeeds appends {@code "/<step>"}. */
  public static final String TRAIL = "trail";

  private final String sessionId;
  private final Failure failure;
  private final RecoveryConfig options;
  private final ManualClock clock = new ManualClock(TckCheckpoints.EPOCH);
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final VirtualScheduler virtual;
  private final ScriptedSteps steps;
  private final ScriptedHistory history;
  private final Duration loadTakes;
  private final boolean failRestores;
  private final boolean failCheckpoints;
  private final List<String> calls = new ArrayList<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<CheckpointId> restores = new ArrayList<>();
  private final Set<Thread> callers = ConcurrentHashMap.newKeySet();
  private SessionState current;

  ScriptedRecoveryContext(RecoveryScript b) {
    sessionId = b.sessionId;
    options = b.options;
    failRestores = b.failRestores;
    failCheckpoints = b.failCheckpoints;
    loadTakes = b.loadTakes;
    steps = new ScriptedSteps(clock, b.steps);
    failure = b.steps.isEmpty() ? b.failure : b.failure.withSteps(steps.steps());
    ownsScheduler = b.scheduler == null;
    virtual = ownsScheduler ? new VirtualScheduler(clock, options.maxDelay(), steps) : null;
    scheduler = ownsScheduler ? virtual : b.scheduler;
    if (virtual != null) {
      steps.onActivity(virtual::touch);
      virtual.interruptAtWait(b.interruptAtWait);
    }
    history = new ScriptedHistory(b, clock);
    current = history.state(BROKEN, false).withRevision(b.scripted.size() + 5L);
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

  /**
   * Return the id of the scripted checkpoint with a label.
   *
   * @param label the label given to the builder
   * @return its id
   */
  public synchronized CheckpointId idOf(String label) {
    return history.idOf(label);
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
    return history.written();
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
    return history.stateOf(id);
  }

  /**
   * Return every call of a scripted step's action, in the order they started.
   *
   * @return a snapshot
   */
  public List<StepRun> stepRuns() {
    return steps.runs();
  }

  /**
   * Return the virtual scheduler that {@link #scheduler()} returns, with what was scheduled on it.
   *
   * @return the scheduler
   * @throws IllegalStateException if the script was given its own scheduler
   */
  public VirtualScheduler virtualScheduler() {
    if (virtual == null) {
      throw new IllegalStateException("the script was given its own scheduler (RecoveryScript.scheduler), "
          + "so there is no virtual one; leave it out to run on virtual time");
    }
    return virtual;
  }

  /**
   * Run a strategy's {@link RecoveryStrategy#recover} on this context from the calling thread, as the
   * engine does. The calling thread becomes the recovering thread: the one a scripted interrupt
   * targets; once it has been interrupted virtual time holds still (even after the strategy clears
   * the flag) until this returns, and after that the virtual
   * scheduler fires nothing more.
   *
   * @param strategy the strategy
   * @return what it returned
   */
  public RecoveryResult recoverWith(RecoveryStrategy strategy) {
    Objects.requireNonNull(strategy, "strategy");
    steps.recovering(Thread.currentThread());
    try {
      return strategy.recover(this);
    } finally {
      steps.finish();
    }
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
    if (virtual != null) {
      virtual.touch();
    }
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
    return history.all();
  }

  @Override
  public synchronized SessionState load(CheckpointId id) {
    called();
    calls.add("load:" + id);
    clock.advance(loadTakes);
    return history.verified(id);
  }

  @Override
  public synchronized RollbackResult restore(CheckpointId id) {
    called();
    calls.add("restore:" + id);
    clock.advance(loadTakes);
    SessionState target = history.verified(id);
    if (failRestores || history.unrestorable(id)) {
      throw new StoreException("scripted store failure while restoring " + id + ": nothing was written");
    }
    Checkpoint pre = history.append(CheckpointType.PRE_ROLLBACK, "pre-rollback", current, Map.of());
    Checkpoint point = history.append(CheckpointType.RECOVERY_POINT, "recovery-point", target,
        Map.of(Checkpoint.RESTORED_FROM, id.value()));
    current = target.withRevision(current.revision() + 1);
    restores.add(id);
    return new RollbackResult(sessionId, history.descriptor(id), pre, point, current, Duration.ZERO);
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
    return history.append(type, description, current, Map.of());
  }

  @Override
  public synchronized ValidationResult validate(SessionState state) {
    called();
    calls.add("validate:" + state.attributes().get(LABEL));
    return ScriptedHistory.invalid(state) ? ValidationResult.invalid("scripted invalid state")
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

  /**
   * Stop the context's own scheduler (one given to {@link RecoveryScript#scheduler} is left running) and
   * release every scripted step that hangs.
   */
  @Override
  public void close() {
    steps.close();
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

}
