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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Play the engine's part for a recovery strategy under test: a session with scripted checkpoints,
 * injectable failures, a {@link ManualClock}, a scheduler, and a log of every call.
 *
 * <p>Each scripted checkpoint holds a state whose attribute {@code label} names it. A checkpoint can be
 * scripted as corrupt ({@link #load} and {@link #restore} throw {@link IntegrityViolationException}) or
 * invalid (its state fails {@link #validate}); restores can be scripted to fail with
 * {@link StoreException}, which leaves the state and the checkpoints unchanged, as the engine's atomic
 * rollback does. A successful restore writes PRE_ROLLBACK then RECOVERY_POINT, like the engine.
 *
 * <p>Thread-safe (every method synchronizes), so one strategy instance may run several contexts at
 * once. {@link #close()} stops the scheduler.
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
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tck-recovery-scheduler");
    t.setDaemon(true);
    return t;
  });
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final Map<CheckpointId, SessionState> states = new HashMap<>();
  private final Set<CheckpointId> corrupt;
  private final boolean failRestores;
  private final List<String> calls = new ArrayList<>();
  private final int scriptedCount;
  private SessionState current;

  private ScriptedRecoveryContext(Builder b) {
    sessionId = b.sessionId;
    failure = b.failure;
    options = b.options;
    failRestores = b.failRestores;
    current = state(BROKEN, false).withRevision(b.scripted.size() + 5L);
    corrupt = new HashSet<>();
    for (String[] s : b.scripted) {
      Checkpoint c = append(checkpoints.isEmpty() ? CheckpointType.SESSION_START : CheckpointType.USER_REQUESTED,
          s[0], state(s[0], s[1].equals(INVALID)), Map.of());
      if (s[1].equals("corrupt")) {
        corrupt.add(c.id());
      }
    }
    scriptedCount = checkpoints.size();
  }

  /**
   * Start scripting a session.
   *
   * @param sessionId the session id
   * @return the builder
   */
  public static Builder forSession(String sessionId) {
    return new Builder(sessionId);
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
   * Return the controllable clock.
   *
   * @return the clock the strategy sees
   */
  public ManualClock manualClock() {
    return clock;
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
  public synchronized SessionState currentState() {
    return current;
  }

  @Override
  public synchronized List<Checkpoint> checkpoints() {
    calls.add("checkpoints");
    return List.copyOf(checkpoints);
  }

  @Override
  public synchronized SessionState load(CheckpointId id) {
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
    calls.add("restore:" + id);
    SessionState target = verified(id);
    if (failRestores) {
      throw new StoreException("scripted store failure while restoring " + id + ": nothing was written");
    }
    Checkpoint pre = append(CheckpointType.PRE_ROLLBACK, "pre-rollback", current, Map.of());
    Checkpoint point = append(CheckpointType.RECOVERY_POINT, "recovery-point", target,
        Map.of(Checkpoint.RESTORED_FROM, id.value()));
    current = target.withRevision(current.revision() + 1);
    Checkpoint targetDescriptor = checkpoints.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    return new RollbackResult(sessionId, targetDescriptor, pre, point, current, Duration.ZERO);
  }

  @Override
  public synchronized SessionState update(UnaryOperator<SessionState> change) {
    calls.add("update");
    current = change.apply(current).withRevision(current.revision() + 1);
    return current;
  }

  @Override
  public synchronized Checkpoint checkpoint(CheckpointType type, String description) {
    calls.add("checkpoint:" + type);
    return append(type, description, current, Map.of());
  }

  @Override
  public synchronized ValidationResult validate(SessionState state) {
    calls.add("validate:" + state.attributes().get(LABEL));
    return Boolean.TRUE.equals(state.attributes().get(INVALID)) ? ValidationResult.invalid("scripted invalid state")
        : ValidationResult.valid();
  }

  @Override
  public synchronized void attempted(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause) {
    calls.add("attempted:" + attempt + step.map(s -> ":" + s).orElse(""));
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

  /** Stop the scheduler. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** Script a session: its checkpoints, oldest first, and the failures to inject. Not thread-safe. */
  public static final class Builder {
    private final String sessionId;
    private final List<String[]> scripted = new ArrayList<>();
    private Failure failure = Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "scripted failure");
    private RecoveryConfig options = RecoveryConfig.ofDefaults();
    private boolean failRestores;

    private Builder(String sessionId) {
      this.sessionId = dev.magnus.rollback.SessionIds.require(sessionId);
    }

    /** Add a good checkpoint. @param label its label @return this */
    public Builder good(String label) {
      scripted.add(new String[] {label, "good"});
      return this;
    }

    /** Add a checkpoint whose load and restore fail the integrity check. @param label its label @return this */
    public Builder corrupt(String label) {
      scripted.add(new String[] {label, "corrupt"});
      return this;
    }

    /** Add a checkpoint whose state fails validation. @param label its label @return this */
    public Builder invalid(String label) {
      scripted.add(new String[] {label, INVALID});
      return this;
    }

    /** Make every restore fail with a StoreException, changing nothing. @return this */
    public Builder failRestores() {
      failRestores = true;
      return this;
    }

    /** Set the failure being recovered from. @param value the failure @return this */
    public Builder failure(Failure value) {
      failure = Objects.requireNonNull(value, "failure");
      return this;
    }

    /** Set the recovery options. @param value the options @return this */
    public Builder options(RecoveryConfig value) {
      options = Objects.requireNonNull(value, "options");
      return this;
    }

    /** @return the context */
    public ScriptedRecoveryContext build() {
      return new ScriptedRecoveryContext(this);
    }
  }
}
