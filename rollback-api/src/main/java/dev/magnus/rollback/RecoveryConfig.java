package dev.magnus.rollback;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configure recovery: which strategy runs for which failure, and how steps are retried. Immutable.
 *
 * @param strategy the default strategy's name, for example {@code DECOMPOSE}
 * @param byFailureType strategy names that override the default for some failure types
 * @param maxAttempts attempts per step, including the first
 * @param initialDelayMs wait before the first retry
 * @param backoffMultiplier factor applied to the wait after each retry
 * @param maxDelayMs cap on any single wait
 * @param retryOn failure types whose steps are retried; the others get one attempt
 * @param stepTimeoutMs time limit for one attempt of one step
 * @param progressiveMode {@code LINEAR} (oldest to newest) or {@code BISECT}
 */
public record RecoveryConfig(
    String strategy,
    Map<FailureType, String> byFailureType,
    int maxAttempts,
    long initialDelayMs,
    double backoffMultiplier,
    long maxDelayMs,
    Set<FailureType> retryOn,
    long stepTimeoutMs,
    String progressiveMode) {

  private static final RecoveryConfig DEFAULTS = custom().build();

  /** Validate and copy. */
  public RecoveryConfig {
    Checks.notBlank("recovery.strategy", strategy);
    byFailureType = Map.copyOf(Objects.requireNonNull(byFailureType, "byFailureType"));
    byFailureType.forEach((k, v) -> Checks.notBlank("recovery.byFailureType." + k, v));
    Checks.atLeast("recovery.retry.maxAttempts", maxAttempts, 1);
    Checks.atLeast("recovery.retry.initialDelayMs", initialDelayMs, 0);
    Checks.atLeast("recovery.retry.backoffMultiplier", backoffMultiplier, 1.0);
    Checks.atLeast("recovery.retry.maxDelayMs", maxDelayMs, 0);
    retryOn = Set.copyOf(Objects.requireNonNull(retryOn, "retryOn"));
    Checks.atLeast("recovery.timeLimiter.stepTimeoutMs", stepTimeoutMs, 1);
    if (!"LINEAR".equals(progressiveMode) && !"BISECT".equals(progressiveMode)) {
      throw new IllegalArgumentException("recovery.progressive.mode must be LINEAR or BISECT, was " + progressiveMode);
    }
    if (maxDelayMs < initialDelayMs) {
      throw new IllegalArgumentException("recovery.retry.maxDelayMs (" + maxDelayMs
          + ") must be >= recovery.retry.initialDelayMs (" + initialDelayMs + ")");
    }
  }

  /**
   * Return the defaults: DECOMPOSE for every failure, 3 attempts from 1000 ms doubling up to 30 s,
   * every failure type retried except VALIDATION_ERROR, 30 s per step, LINEAR progressive order.
   *
   * @return the defaults
   */
  public static RecoveryConfig ofDefaults() {
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
  public static Builder from(RecoveryConfig base) {
    Builder b = new Builder();
    b.strategy = base.strategy;
    b.byFailureType.putAll(base.byFailureType);
    b.maxAttempts = base.maxAttempts;
    b.initialDelayMs = base.initialDelayMs;
    b.backoffMultiplier = base.backoffMultiplier;
    b.maxDelayMs = base.maxDelayMs;
    b.retryOn = base.retryOn;
    b.stepTimeoutMs = base.stepTimeoutMs;
    b.progressiveMode = base.progressiveMode;
    return b;
  }

  /**
   * Return the strategy name for a failure type.
   *
   * @param type the failure type
   * @return the mapped name, else the default strategy
   */
  public String strategyFor(FailureType type) {
    return byFailureType.getOrDefault(type, strategy);
  }

  /** Build a {@link RecoveryConfig}; setters reject bad values at once, build() bad combinations. */
  public static final class Builder {
    private String strategy = "DECOMPOSE";
    private final Map<FailureType, String> byFailureType = new EnumMap<>(FailureType.class);
    private int maxAttempts = 3;
    private long initialDelayMs = 1000;
    private double backoffMultiplier = 2.0;
    private long maxDelayMs = 30_000;
    private Set<FailureType> retryOn = EnumSet.complementOf(EnumSet.of(FailureType.VALIDATION_ERROR));
    private long stepTimeoutMs = 30_000;
    private String progressiveMode = "LINEAR";

    private Builder() {}

    /** Set the default strategy. @param name a strategy name @return this */
    public Builder strategy(String name) {
      strategy = Checks.notBlank("recovery.strategy", name);
      return this;
    }

    /** Map a failure type to a strategy. @param type the type @param name the strategy @return this */
    public Builder strategyFor(FailureType type, String name) {
      byFailureType.put(Objects.requireNonNull(type, "type"), Checks.notBlank("recovery.byFailureType." + type, name));
      return this;
    }

    /** Set attempts per step. @param value at least 1 @return this */
    public Builder maxAttempts(int value) {
      maxAttempts = (int) Checks.atLeast("recovery.retry.maxAttempts", value, 1);
      return this;
    }

    /** Set the first retry's wait. @param value milliseconds @return this */
    public Builder initialDelayMs(long value) {
      initialDelayMs = Checks.atLeast("recovery.retry.initialDelayMs", value, 0);
      return this;
    }

    /** Set the backoff factor. @param value at least 1.0 @return this */
    public Builder backoffMultiplier(double value) {
      backoffMultiplier = Checks.atLeast("recovery.retry.backoffMultiplier", value, 1.0);
      return this;
    }

    /** Cap each wait. @param value milliseconds @return this */
    public Builder maxDelayMs(long value) {
      maxDelayMs = Checks.atLeast("recovery.retry.maxDelayMs", value, 0);
      return this;
    }

    /** Set which failure types are retried. @param types the types @return this */
    public Builder retryOn(Set<FailureType> types) {
      retryOn = Set.copyOf(Objects.requireNonNull(types, "retryOn"));
      return this;
    }

    /** Set the time limit per step attempt. @param value milliseconds @return this */
    public Builder stepTimeoutMs(long value) {
      stepTimeoutMs = Checks.atLeast("recovery.timeLimiter.stepTimeoutMs", value, 1);
      return this;
    }

    /** Set the progressive order. @param mode LINEAR or BISECT @return this */
    public Builder progressiveMode(String mode) {
      if (!"LINEAR".equals(mode) && !"BISECT".equals(mode)) {
        throw new IllegalArgumentException("recovery.progressive.mode must be LINEAR or BISECT, was " + mode);
      }
      progressiveMode = mode;
      return this;
    }

    /** @return the configuration */
    public RecoveryConfig build() {
      return new RecoveryConfig(strategy, byFailureType, maxAttempts, initialDelayMs, backoffMultiplier, maxDelayMs,
          retryOn, stepTimeoutMs, progressiveMode);
    }
  }
}
