package dev.magnus.rollback;

/**
 * Configure payload compression. Immutable.
 *
 * @param enabled compress payloads at all
 * @param thresholdBytes compress only encoded states larger than this
 * @param codec the codec; {@code deflate} is the one shipped
 */
public record CompressionConfig(boolean enabled, long thresholdBytes, String codec) {
  private static final CompressionConfig DEFAULTS = new CompressionConfig(true, 16 * 1024, "deflate");

  /** Validate. */
  public CompressionConfig {
    Checks.atLeast("compression.thresholdBytes", thresholdBytes, 0);
    if (!"deflate".equals(codec)) {
      throw new IllegalArgumentException("compression.codec must be deflate, was " + codec);
    }
  }

  /**
   * Return the defaults: deflate above 16 KiB.
   *
   * @return the defaults
   */
  public static CompressionConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Return a configuration that never compresses.
   *
   * @return compression off
   */
  public static CompressionConfig disabled() {
    return new CompressionConfig(false, DEFAULTS.thresholdBytes, "deflate");
  }

  /**
   * Return a deflate configuration with another threshold.
   *
   * @param thresholdBytes compress encoded states larger than this
   * @return the configuration
   */
  public static CompressionConfig above(long thresholdBytes) {
    return new CompressionConfig(true, thresholdBytes, "deflate");
  }
}
