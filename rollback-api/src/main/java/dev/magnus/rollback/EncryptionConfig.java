package dev.magnus.rollback;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Configure encryption of checkpoint payloads at rest (AES-256-GCM). Off unless {@code activeKeyId}
 * is set. Immutable.
 *
 * <p>Keys are never part of the configuration: {@code keys} maps each key id to the name of the
 * environment variable that holds the key (32 bytes, base64), so that config files, logs and audit
 * entries never carry a secret. New data keys are wrapped under the active key; checkpoints written
 * under an older key stay readable while that key is configured. A {@link
 * dev.magnus.rollback.spi.KeyProvider} given to the engine builder replaces the variables.
 *
 * @param keys key id to environment variable name; ids of 1 to 64 characters out of {@code A-Z a-z 0-9 . _ -}
 * @param activeKeyId the id of the key new data keys are wrapped under; empty for no encryption
 */
public record EncryptionConfig(Map<String, String> keys, Optional<String> activeKeyId) {
  /**
   * The prefix of the session ids reserved for the key ring: the store sessions whose records hold each
   * session's data keys wrapped under a configured key ({@code rollback~keyring~} followed by 32 hex
   * digits of the SHA-256 of the session id). Engines refuse any session id that starts with it and
   * leave such sessions out of listings, statistics and retention.
   */
  public static final String KEY_RING_SESSION = "rollback~keyring";

  /**
   * Tell whether a store session id belongs to the key ring (starts with {@link #KEY_RING_SESSION}).
   *
   * @param sessionId a store session id
   * @return true for a key ring session, which holds no session state
   */
  public static boolean isKeyRingSession(String sessionId) {
    return sessionId.startsWith(KEY_RING_SESSION);
  }

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final EncryptionConfig OFF = new EncryptionConfig(Map.of(), Optional.empty());

  /** Validate and copy. */
  public EncryptionConfig {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(activeKeyId, "activeKeyId");
    keys.forEach((id, variable) -> {
      requireKeyId("integrity.encryption.keys", id);
      if (variable == null || !VARIABLE.matcher(variable).matches()) {
        throw new IllegalArgumentException("integrity.encryption.keys." + id + " is '" + variable + "': give the name"
            + " of the environment variable that holds the key (letters, digits and _, not starting with a digit)");
      }
    });
    activeKeyId.ifPresent(id -> requireKeyId("integrity.encryption.activeKeyId", id));
    keys = Collections.unmodifiableMap(new TreeMap<>(keys)); // sorted: messages list the ids in order
  }

  /**
   * Return the configuration without encryption.
   *
   * @return encryption off
   */
  public static EncryptionConfig off() {
    return OFF;
  }

  /**
   * Return a configuration that encrypts under one key held in an environment variable.
   *
   * @param keyId the key's id
   * @param environmentVariable the variable holding the key, base64 of 32 bytes
   * @return the configuration
   */
  public static EncryptionConfig withKey(String keyId, String environmentVariable) {
    return new EncryptionConfig(Map.of(keyId, environmentVariable), Optional.of(keyId));
  }

  /**
   * Tell whether new checkpoints are encrypted.
   *
   * @return true when an active key id is set
   */
  public boolean enabled() {
    return activeKeyId.isPresent();
  }

  private static void requireKeyId(String option, String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(option + " names the key id '" + id + "': use 1 to 64 characters out of"
          + " A-Z a-z 0-9 . _ -");
    }
  }
}
