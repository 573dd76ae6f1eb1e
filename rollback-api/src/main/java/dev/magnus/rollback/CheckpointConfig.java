package dev.magnus.rollback;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configure checkpointing and retention. Immutable; build with {@link #custom()} or {@link #from}.
 *
 * @param maxCheckpoints keep at most this many checkpoints per session (the newest and pinned ones are never deleted)
 * @param retention delete checkpoints older than this; zero keeps them regardless of age (YAML
 *     {@code checkpoint.retentionMs}, in milliseconds)
 * @param minInterval skip an automatic checkpoint taken sooner than this after the previous automatic one
 *     (YAML {@code checkpoint.minIntervalMs})
 * @param onPatternDetection take PATTERN_MILESTONE checkpoints
 * @param onScoringDecision take SCORING_DECISION checkpoints
 * @param onTherapeuticPhase take THERAPEUTIC_PHASE checkpoints
 * @param periodic take AUTO_PERIODIC checkpoints this often; zero turns them off (YAML
 *     {@code checkpoint.autoCheckpoint.periodicMs})
 * @param pinnedTypes types that retention never deletes
 * @param asyncCheckpoints make {@link Session#createCheckpointAsync} run on the engine's executor
 * @param checkpointTimeout fail an asynchronous checkpoint that has not finished after this long (YAML
 *     {@code checkpoint.checkpointTimeoutMs})
 * @param maxStateBytes reject a state whose encoding is larger than this
 * @param retentionSweep apply retention to every stored session this often, idle ones included; zero
 *     turns the sweep off, empty derives it from {@code retention} ({@link #sweepInterval()}) (YAML
 *     {@code checkpoint.retentionSweepMs}, null for the derived interval)
 * @param delta store checkpoints as deltas against their parent (YAML {@code checkpoint.delta})
 */
public record CheckpointConfig(
    int maxCheckpoints,
    Duration retention,
    Duration minInterval,
    boolean onPatternDetection,
    boolean onScoringDecision,
    boolean onTherapeuticPhase,
    Duration periodic,
    Set<CheckpointType> pinnedTypes,
    boolean asyncCheckpoints,
    Duration checkpointTimeout,
    long maxStateBytes,
    Optional<Duration> retentionSweep,
    DeltaConfig delta) {

  private static final CheckpointConfig DEFAULTS = custom().build();

  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException naming the option and the value when {@code maxCheckpoints} or
   *     {@code maxStateBytes} is below 1, a duration is negative or {@code checkpointTimeout} is not positive
   * @throws NullPointerException when a duration or {@code pinnedTypes} is null
   */
  public CheckpointConfig {
    Checks.atLeast("checkpoint.maxCheckpoints", maxCheckpoints, 1);
    Checks.notNegative("checkpoint.retention", retention);
    Checks.notNegative("checkpoint.minInterval", minInterval);
    Checks.notNegative("checkpoint.autoCheckpoint.periodic", periodic);
    Checks.positive("checkpoint.checkpointTimeout", checkpointTimeout);
    Checks.atLeast("checkpoint.maxStateBytes", maxStateBytes, 1);
    Objects.requireNonNull(retentionSweep, "retentionSweep").ifPresent(d -> Checks.notNegative("checkpoint.retentionSweep", d));
    Objects.requireNonNull(pinnedTypes, "pinnedTypes");
    Objects.requireNonNull(delta, "delta");
    pinnedTypes = pinnedTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(pinnedTypes));
  }

  /**
   * Return the defaults: 10 checkpoints, 1 hour retention, no minimum interval, every automatic type
   * on, no periodic checkpoints, SESSION_START pinned, synchronous, 5 s timeout, 16 MiB states, a
   * retention sweep every tenth of the retention (6 minutes), delta checkpoints off
   * ({@link DeltaConfig#ofDefaults()}).
   *
   * @return the defaults
   */
  public static CheckpointConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Start a builder from the defaults.
   *
   * @return the builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Start a builder from another configuration.
   *
   * @param base the starting point
   * @return the builder
   */
  public static Builder from(CheckpointConfig base) {
    Builder b = new Builder();
    b.maxCheckpoints = base.maxCheckpoints;
    b.retention = base.retention;
    b.minInterval = base.minInterval;
    b.onPatternDetection = base.onPatternDetection;
    b.onScoringDecision = base.onScoringDecision;
    b.onTherapeuticPhase = base.onTherapeuticPhase;
    b.periodic = base.periodic;
    b.pinnedTypes = base.pinnedTypes;
    b.asyncCheckpoints = base.asyncCheckpoints;
    b.checkpointTimeout = base.checkpointTimeout;
    b.maxStateBytes = base.maxStateBytes;
    b.retentionSweep = base.retentionSweep;
    b.delta = base.delta;
    return b;
  }

  /**
   * Return how often the engine sweeps retention over every stored session: {@code retentionSweep} when
   * set, otherwise a tenth of {@code retention} but at least one second; zero (off) when retention is
   * off, since then a sweep could only apply {@code maxCheckpoints}, which every append applies already.
   *
   * @return the interval; zero for no sweep
   */
  public Duration sweepInterval() {
    if (retentionSweep.isPresent()) {
      return retentionSweep.get();
    }
    if (retention.isZero()) {
      return Duration.ZERO;
    }
    Duration tenth = retention.dividedBy(10);
    return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
  }

  /**
   * Tell whether the switch for an automatic type is on.
   *
   * @param type an automatic checkpoint type
   * @return true if checkpoints of that type are taken
   */
  public boolean autoEnabled(CheckpointType type) {
    switch (type) {
      case PATTERN_MILESTONE: return onPatternDetection;
      case SCORING_DECISION: return onScoringDecision;
      case THERAPEUTIC_PHASE: return onTherapeuticPhase;
      case AUTO_PERIODIC: return !periodic.isZero();
      default: return true;
    }
  }

  /** Build a {@link CheckpointConfig}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private int maxCheckpoints = 10;
    private Duration retention = Duration.ofHours(1);
    private Duration minInterval = Duration.ZERO;
    private boolean onPatternDetection = true;
    private boolean onScoringDecision = true;
    private boolean onTherapeuticPhase = true;
    private Duration periodic = Duration.ZERO;
    private Set<CheckpointType> pinnedTypes = Set.of(CheckpointType.SESSION_START);
    private boolean asyncCheckpoints = false;
    private Duration checkpointTimeout = Duration.ofSeconds(5);
    private long maxStateBytes = 16L * 1024 * 1024;
    private Optional<Duration> retentionSweep = Optional.empty();
    private DeltaConfig delta = DeltaConfig.ofDefaults();

    private Builder() {}

    /** @param value at least 1 @return this */
    public Builder maxCheckpoints(int value) {
      maxCheckpoints = (int) Checks.atLeast("checkpoint.maxCheckpoints", value, 1);
      return this;
    }

    /**
     * Delete checkpoints older than this (YAML {@code checkpoint.retentionMs}).
     *
     * @param value the age limit; zero for none
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is negative
     */
    public Builder retention(Duration value) {
      retention = Checks.notNegative("checkpoint.retention", value);
      return this;
    }

    /**
     * Skip an automatic checkpoint taken sooner than this after the previous automatic one (YAML
     * {@code checkpoint.minIntervalMs}).
     *
     * @param value the minimum interval; zero for none
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is negative
     */
    public Builder minInterval(Duration value) {
      minInterval = Checks.notNegative("checkpoint.minInterval", value);
      return this;
    }

    /** @param value the switch @return this */
    public Builder onPatternDetection(boolean value) {
      onPatternDetection = value;
      return this;
    }

    /** @param value the switch @return this */
    public Builder onScoringDecision(boolean value) {
      onScoringDecision = value;
      return this;
    }

    /** @param value the switch @return this */
    public Builder onTherapeuticPhase(boolean value) {
      onTherapeuticPhase = value;
      return this;
    }

    /**
     * Take AUTO_PERIODIC checkpoints this often (YAML {@code checkpoint.autoCheckpoint.periodicMs}).
     *
     * @param value the period; zero turns periodic checkpoints off
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is negative
     */
    public Builder periodic(Duration value) {
      periodic = Checks.notNegative("checkpoint.autoCheckpoint.periodic", value);
      return this;
    }

    /** @param value the pinned types @return this */
    public Builder pinnedTypes(Set<CheckpointType> value) {
      pinnedTypes = Set.copyOf(Objects.requireNonNull(value, "pinnedTypes"));
      return this;
    }

    /** @param value the switch @return this */
    public Builder asyncCheckpoints(boolean value) {
      asyncCheckpoints = value;
      return this;
    }

    /**
     * Fail an asynchronous checkpoint that has not finished after this long (YAML
     * {@code checkpoint.checkpointTimeoutMs}).
     *
     * @param value the time limit
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is zero or negative
     */
    public Builder checkpointTimeout(Duration value) {
      checkpointTimeout = Checks.positive("checkpoint.checkpointTimeout", value);
      return this;
    }

    /** @param value bytes, at least 1 @return this */
    public Builder maxStateBytes(long value) {
      maxStateBytes = Checks.atLeast("checkpoint.maxStateBytes", value, 1);
      return this;
    }

    /**
     * Apply retention to every stored session this often (YAML {@code checkpoint.retentionSweepMs}).
     *
     * @param value the interval; zero turns the sweep off
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is negative
     */
    public Builder retentionSweep(Duration value) {
      retentionSweep = Optional.of(Checks.notNegative("checkpoint.retentionSweep", value));
      return this;
    }

    /**
     * Derive the sweep interval from {@code retention} (the default; YAML {@code retentionSweepMs: null}).
     *
     * @return this
     */
    public Builder derivedRetentionSweep() {
      retentionSweep = Optional.empty();
      return this;
    }

    /**
     * Configure delta checkpoints (YAML {@code checkpoint.delta}).
     *
     * @param value the delta configuration
     * @return this
     */
    public Builder delta(DeltaConfig value) {
      delta = Objects.requireNonNull(value, "delta");
      return this;
    }

    /** @return the configuration */
    public CheckpointConfig build() {
      return new CheckpointConfig(maxCheckpoints, retention, minInterval, onPatternDetection, onScoringDecision,
          onTherapeuticPhase, periodic, pinnedTypes, asyncCheckpoints, checkpointTimeout, maxStateBytes, retentionSweep,
          delta);
    }
  }
}
