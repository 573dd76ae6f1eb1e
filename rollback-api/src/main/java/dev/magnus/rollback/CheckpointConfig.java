package dev.magnus.rollback;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Configure checkpointing and retention. Immutable; build with {@link #custom()} or {@link #from}.
 *
 * @param maxCheckpoints keep at most this many checkpoints per session (the newest and pinned ones are never deleted)
 * @param retentionMs delete checkpoints older than this many milliseconds; 0 keeps them regardless of age
 * @param minIntervalMs skip an automatic checkpoint taken sooner than this after the previous automatic one
 * @param onPatternDetection take PATTERN_MILESTONE checkpoints
 * @param onScoringDecision take SCORING_DECISION checkpoints
 * @param onTherapeuticPhase take THERAPEUTIC_PHASE checkpoints
 * @param periodicMs take AUTO_PERIODIC checkpoints this often; 0 turns them off
 * @param pinnedTypes types that retention never deletes
 * @param asyncCheckpoints make {@link Session#createCheckpointAsync} run on the engine's executor
 * @param checkpointTimeoutMs fail an asynchronous checkpoint that has not finished after this long
 * @param maxStateBytes reject a state whose encoding is larger than this
 */
public record CheckpointConfig(
    int maxCheckpoints,
    long retentionMs,
    long minIntervalMs,
    boolean onPatternDetection,
    boolean onScoringDecision,
    boolean onTherapeuticPhase,
    long periodicMs,
    Set<CheckpointType> pinnedTypes,
    boolean asyncCheckpoints,
    long checkpointTimeoutMs,
    long maxStateBytes) {

  private static final CheckpointConfig DEFAULTS = custom().build();

  /** Validate and copy. */
  public CheckpointConfig {
    Checks.atLeast("checkpoint.maxCheckpoints", maxCheckpoints, 1);
    Checks.atLeast("checkpoint.retentionMs", retentionMs, 0);
    Checks.atLeast("checkpoint.minIntervalMs", minIntervalMs, 0);
    Checks.atLeast("checkpoint.autoCheckpoint.periodicMs", periodicMs, 0);
    Checks.atLeast("checkpoint.checkpointTimeoutMs", checkpointTimeoutMs, 1);
    Checks.atLeast("checkpoint.maxStateBytes", maxStateBytes, 1);
    Objects.requireNonNull(pinnedTypes, "pinnedTypes");
    pinnedTypes = pinnedTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(pinnedTypes));
  }

  /**
   * Return the defaults: 10 checkpoints, 1 hour retention, no minimum interval, every automatic type
   * on, no periodic checkpoints, SESSION_START pinned, synchronous, 5 s timeout, 16 MiB states.
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
    b.retentionMs = base.retentionMs;
    b.minIntervalMs = base.minIntervalMs;
    b.onPatternDetection = base.onPatternDetection;
    b.onScoringDecision = base.onScoringDecision;
    b.onTherapeuticPhase = base.onTherapeuticPhase;
    b.periodicMs = base.periodicMs;
    b.pinnedTypes = base.pinnedTypes;
    b.asyncCheckpoints = base.asyncCheckpoints;
    b.checkpointTimeoutMs = base.checkpointTimeoutMs;
    b.maxStateBytes = base.maxStateBytes;
    return b;
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
      case AUTO_PERIODIC: return periodicMs > 0;
      default: return true;
    }
  }

  /** Build a {@link CheckpointConfig}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private int maxCheckpoints = 10;
    private long retentionMs = 3_600_000;
    private long minIntervalMs = 0;
    private boolean onPatternDetection = true;
    private boolean onScoringDecision = true;
    private boolean onTherapeuticPhase = true;
    private long periodicMs = 0;
    private Set<CheckpointType> pinnedTypes = Set.of(CheckpointType.SESSION_START);
    private boolean asyncCheckpoints = false;
    private long checkpointTimeoutMs = 5_000;
    private long maxStateBytes = 16L * 1024 * 1024;

    private Builder() {}

    /** @param value at least 1 @return this */
    public Builder maxCheckpoints(int value) {
      maxCheckpoints = (int) Checks.atLeast("checkpoint.maxCheckpoints", value, 1);
      return this;
    }

    /** @param value milliseconds, 0 for no age limit @return this */
    public Builder retentionMs(long value) {
      retentionMs = Checks.atLeast("checkpoint.retentionMs", value, 0);
      return this;
    }

    /** @param value milliseconds, at least 0 @return this */
    public Builder minIntervalMs(long value) {
      minIntervalMs = Checks.atLeast("checkpoint.minIntervalMs", value, 0);
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

    /** @param value milliseconds, 0 turns periodic checkpoints off @return this */
    public Builder periodicMs(long value) {
      periodicMs = Checks.atLeast("checkpoint.autoCheckpoint.periodicMs", value, 0);
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

    /** @param value milliseconds, at least 1 @return this */
    public Builder checkpointTimeoutMs(long value) {
      checkpointTimeoutMs = Checks.atLeast("checkpoint.checkpointTimeoutMs", value, 1);
      return this;
    }

    /** @param value bytes, at least 1 @return this */
    public Builder maxStateBytes(long value) {
      maxStateBytes = Checks.atLeast("checkpoint.maxStateBytes", value, 1);
      return this;
    }

    /** @return the configuration */
    public CheckpointConfig build() {
      return new CheckpointConfig(maxCheckpoints, retentionMs, minIntervalMs, onPatternDetection, onScoringDecision,
          onTherapeuticPhase, periodicMs, pinnedTypes, asyncCheckpoints, checkpointTimeoutMs, maxStateBytes);
    }
  }
}
