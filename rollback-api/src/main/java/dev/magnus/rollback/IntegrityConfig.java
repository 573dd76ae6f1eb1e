package dev.magnus.rollback;

import java.util.Objects;
import java.util.Optional;

/**
 * Configure state hashing and encryption at rest. Immutable.
 *
 * <p>The HMAC key is never part of the configuration: only the name of the environment variable
 * that holds it, so that config files and logs never carry the secret.
 *
 * @param verifyOnRestore check the state hash on every restore (switching it off is for benchmarks only)
 * @param hmacKeyEnv name of the environment variable holding the HMAC key; empty for plain SHA-256
 * @param encryption encryption of payloads at rest; {@link EncryptionConfig#off()} by default
 */
public record IntegrityConfig(boolean verifyOnRestore, Optional<String> hmacKeyEnv, EncryptionConfig encryption) {
  private static final IntegrityConfig DEFAULTS = new IntegrityConfig(true, Optional.empty());

  /** Validate. */
  public IntegrityConfig {
    Objects.requireNonNull(hmacKeyEnv, "hmacKeyEnv");
    Objects.requireNonNull(encryption, "encryption");
    hmacKeyEnv.ifPresent(name -> Checks.notBlank("integrity.hmacKeyEnv", name));
  }

  /**
   * Create a configuration without encryption.
   *
   * @param verifyOnRestore check the state hash on every restore
   * @param hmacKeyEnv name of the environment variable holding the HMAC key; empty for plain SHA-256
   */
  public IntegrityConfig(boolean verifyOnRestore, Optional<String> hmacKeyEnv) {
    this(verifyOnRestore, hmacKeyEnv, EncryptionConfig.off());
  }

  /**
   * Return this configuration with another encryption setting.
   *
   * @param value the encryption setting
   * @return the new configuration
   */
  public IntegrityConfig withEncryption(EncryptionConfig value) {
    return new IntegrityConfig(verifyOnRestore, hmacKeyEnv, value);
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
