package dev.magnus.rollback.integration.pr1;

/**
 * Configure the PR #1 bridge. Immutable; build with {@link #custom()} or {@link #from}.
 *
 * <p>These settings are not read from {@code session-rollback-config.yaml} yet: the YAML keys belong
 * to the configuration loader. The names below are the keys they are meant to get.
 *
 * @param patternSignificanceThreshold {@code pr1.patternSignificanceThreshold}: a detection takes a
 *     PATTERN_MILESTONE checkpoint only if one of its patterns has at least this severity; from 0.0
 *     to 1.0, default 0.7
 */
public record Pr1Settings(double patternSignificanceThreshold) {
  /** The default significance threshold. */
  public static final double DEFAULT_PATTERN_SIGNIFICANCE_THRESHOLD = 0.7;
  private static final Pr1Settings DEFAULTS = custom().build();

  /**
   * Validate.
   *
   * @throws IllegalArgumentException naming the option and the value if it is out of range
   */
  public Pr1Settings {
    checkThreshold(patternSignificanceThreshold);
  }

  /**
   * Return the defaults: threshold 0.7.
   *
   * @return the defaults
   */
  public static Pr1Settings ofDefaults() {
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
   * Start a builder from other settings.
   *
   * @param base the starting point
   * @return the builder
   */
  public static Builder from(Pr1Settings base) {
    return new Builder().patternSignificanceThreshold(base.patternSignificanceThreshold);
  }

  private static double checkThreshold(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("pr1.patternSignificanceThreshold must be from 0.0 to 1.0, was " + value);
    }
    return value;
  }

  /** Build {@link Pr1Settings}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private double patternSignificanceThreshold = DEFAULT_PATTERN_SIGNIFICANCE_THRESHOLD;

    private Builder() {}

    /**
     * Set the significance threshold.
     *
     * @param value from 0.0 to 1.0
     * @return this
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder patternSignificanceThreshold(double value) {
      patternSignificanceThreshold = checkThreshold(value);
      return this;
    }

    /**
     * Build the settings.
     *
     * @return the settings
     */
    public Pr1Settings build() {
      return new Pr1Settings(patternSignificanceThreshold);
    }
  }
}
