package dev.magnus.rollback;

import java.time.Duration;
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
 * @param initialDelay wait before the first retry (YAML {@code recovery.retry.initialDelayMs}, in milliseconds)
 * @param backoffMultiplier factor applied to the wait after each retry
 * @param maxDelay cap on any single wait (YAML {@code recovery.retry.maxDelayMs})
 * @param retryOn failure types whose steps are retried; the others get one attempt
 * @param stepTimeout time limit for one attempt of one step (YAML {@code recovery.timeLimiter.stepTimeoutMs})
 * @param progressiveMode the order PROGRESSIVE validates checkpoints in
 */
public record RecoveryConfig(
    String strategy,
    Map<FailureType, String> byFailureType,
    int maxAttempts,
    Duration initialDelay,
    double backoffMultiplier,
    Duration maxDelay,
    Set<FailureType> retryOn,
    Duration stepTimeout,
    ProgressiveMode progressiveMode) {

  private static final RecoveryConfig DEFAULTS = custom().build();

  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException naming the option and the value for a blank strategy name, fewer than one
   *     attempt, a negative delay, a multiplier below 1.0, a step timeout that is not positive, or a
   *     {@code maxDelay} shorter than {@code initialDelay}
   * @throws NullPointerException when a map, set, duration or the progressive mode is null
   */
  public RecoveryConfig {
    Checks.notBlank("recovery.strategy", strategy);
    byFailureType = Map.copyOf(Objects.requireNonNull(byFailureType, "byFailureType"));
    byFailureType.forEach((k, v) -> Checks.notBlank("recovery.byFailureType." + k, v));
    Checks.atLeast("recovery.retry.maxAttempts", maxAttempts, 1);
    Checks.notNegative("recovery.retry.initialDelay", initialDelay);
    Checks.atLeast("recovery.retry.backoffMultiplier", backoffMultiplier, 1.0);
    Checks.notNegative("recovery.retry.maxDelay", maxDelay);
    retryOn = Set.copyOf(Objects.requireNonNull(retryOn, "retryOn"));
    Checks.positive("recovery.timeLimiter.stepTimeout", stepTimeout);
    Objects.requireNonNull(progressiveMode, "progressiveMode");
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("recovery.retry.maxDelay (" + maxDelay
          + ") must be >= recovery.retry.initialDelay (" + initialDelay + ")");
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
    b.initialDelay = base.initialDelay;
    b.backoffMultiplier = base.backoffMultiplier;
    b.maxDelay = base.maxDelay;
    b.retryOn = base.retryOn;
    b.stepTimeout = base.stepTimeout;
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
    private Duration initialDelay = Duration.ofSeconds(1);
    private double backoffMultiplier = 2.0;
    private Duration maxDelay = Duration.ofSeconds(30);
    private Set<FailureType> retryOn = EnumSet.complementOf(EnumSet.of(FailureType.VALIDATION_ERROR));
    private Duration stepTimeout = Duration.ofSeconds(30);
    private ProgressiveMode progressiveMode = ProgressiveMode.LINEAR;

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

    /**
     * Set the wait before the first retry (YAML {@code recovery.retry.initialDelayMs}).
     *
     * @param value the wait; zero retries at once
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is negative
     */
    public Builder initialDelay(Duration value) {
      initialDelay = Checks.notNegative("recovery.retry.initialDelay", value);
      return this;
    }

    /** Set the backoff factor. @param value at least 1.0 @return this */
    public Builder backoffMultiplier(double value) {
      backoffMultiplier = Checks.atLeast("recovery.retry.backoffMultiplier", value, 1.0);
      return this;
    }

    /**
     * Cap each wait (YAML {@code recovery.retry.maxDelayMs}); {@link #build()} rejects a cap shorter than
     * the initial delay.
     *
     * @param value the longest wait
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is negative
     */
    public Builder maxDelay(Duration value) {
      maxDelay = Checks.notNegative("recovery.retry.maxDelay", value);
      return this;
    }

    /** Set which failure types are retried. @param types the types @return this */
    public Builder retryOn(Set<FailureType> types) {
      retryOn = Set.copyOf(Objects.requireNonNull(types, "retryOn"));
      return this;
    }

    /**
     * Set the time limit of one attempt of one step (YAML {@code recovery.timeLimiter.stepTimeoutMs}).
     *
     * @param value the time limit
     * @return this
     * @throws IllegalArgumentException naming the option and the value when it is zero or negative
     */
    public Builder stepTimeout(Duration value) {
      stepTimeout = Checks.positive("recovery.timeLimiter.stepTimeout", value);
      return this;
    }

    /**
     * Set the order PROGRESSIVE validates checkpoints in (YAML {@code recovery.progressive.mode}).
     *
     * @param mode LINEAR or BISECT
     * @return this
     * @throws NullPointerException when the mode is null
     */
    public Builder progressiveMode(ProgressiveMode mode) {
      progressiveMode = Objects.requireNonNull(mode, "progressiveMode");
      return this;
    }

    /**
     * Build the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when {@code maxDelay} is shorter than {@code initialDelay}
     */
    public RecoveryConfig build() {
      return new RecoveryConfig(strategy, byFailureType, maxAttempts, initialDelay, backoffMultiplier, maxDelay,
          retryOn, stepTimeout, progressiveMode);
    }
  }
}
