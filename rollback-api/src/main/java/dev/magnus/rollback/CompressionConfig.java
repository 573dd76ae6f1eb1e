package dev.magnus.rollback;

import java.util.Objects;

/**
 * Configure payload compression. Immutable.
 *
 * @param enabled compress payloads at all
 * @param thresholdBytes compress only encoded states larger than this
 * @param codec the codec; {@link Compression#DEFLATE} is the one shipped (YAML {@code compression.codec: deflate})
 */
public record CompressionConfig(boolean enabled, long thresholdBytes, Compression codec) {
  private static final CompressionConfig DEFAULTS = new CompressionConfig(true, 16 * 1024, Compression.DEFLATE);

  /**
   * Validate.
   *
   * @throws IllegalArgumentException naming the option and the value when {@code thresholdBytes} is negative
   *     or the codec is {@link Compression#NONE} (switch compression off with {@code enabled} instead)
   * @throws NullPointerException when the codec is null
   */
  public CompressionConfig {
    Checks.atLeast("compression.thresholdBytes", thresholdBytes, 0);
    Objects.requireNonNull(codec, "codec");
    if (codec == Compression.NONE) {
      throw new IllegalArgumentException("compression.codec must be DEFLATE, was NONE: to store payloads "
          + "uncompressed, turn compression off with enabled=false");
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
    return new CompressionConfig(false, DEFAULTS.thresholdBytes, Compression.DEFLATE);
  }

  /**
   * Return a deflate configuration with another threshold.
   *
   * @param thresholdBytes compress encoded states larger than this
   * @return the configuration
   */
  public static CompressionConfig above(long thresholdBytes) {
    return new CompressionConfig(true, thresholdBytes, Compression.DEFLATE);
  }
}
