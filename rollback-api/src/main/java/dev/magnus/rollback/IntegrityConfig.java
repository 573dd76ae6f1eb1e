package dev.magnus.rollback;

import java.util.Objects;
import java.util.Optional;

/**
 * Configure state hashing. Immutable.
 *
 * <p>The HMAC key is never part of the configuration: only the name of the environment variable
 * that holds it, so that config files and logs never carry the secret.
 *
 * @param verifyOnRestore check the state hash on every restore (switching it off is for benchmarks only)
 * @param hmacKeyEnv name of the environment variable holding the HMAC key; empty for plain SHA-256
 */
public record IntegrityConfig(boolean verifyOnRestore, Optional<String> hmacKeyEnv) {
  private static final IntegrityConfig DEFAULTS = new IntegrityConfig(true, Optional.empty());

  /** Validate. */
  public IntegrityConfig {
    Objects.requireNonNull(hmacKeyEnv, "hmacKeyEnv");
    hmacKeyEnv.ifPresent(name -> Checks.notBlank("integrity.hmacKeyEnv", name));
  }

  /**
   * Return the defaults: SHA-256, verified on every restore.
   *
   * @return the defaults
   */
  public static IntegrityConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Return a configuration keyed by an HMAC secret held in an environment variable.
   *
   * @param environmentVariable the variable's name
   * @return the configuration
   */
  public static IntegrityConfig hmacFrom(String environmentVariable) {
    return new IntegrityConfig(true, Optional.of(environmentVariable));
  }
}
