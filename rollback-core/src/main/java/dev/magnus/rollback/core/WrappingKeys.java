package dev.magnus.rollback.core;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.spi.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The keys that wrap session data keys, by id, asked of a {@link KeyProvider} once each: the active
 * one (new data keys) and any other the key ring names. Each key has a check value (the first 8
 * bytes of its HMAC-SHA256 over a fixed text, in hex), stored with what it wraps so that a wrong key
 * under a known id is told apart from damage. Key bytes never leave this class but inside a
 * {@link SecretKeySpec}; {@link #toString} names ids only. Thread-safe.
 */
final class WrappingKeys {
  private final KeyProvider provider;
  private final @Nullable String active;
  private final Map<String, Optional<SecretKeySpec>> keys = new ConcurrentHashMap<>();

  private WrappingKeys(KeyProvider provider, @Nullable String active) {
    this.provider = provider;
    this.active = active;
  }

  /**
   * Create the keys of a configuration: asked of {@code given} first when not null, then of the
   * environment variables {@code integrity.encryption.keys} names. The active key must be there.
   *
   * @throws ConfigInvalidException naming the key id or variable (never the key) when a key is missing or not 32 bytes
   */
  static WrappingKeys of(EncryptionConfig config, @Nullable KeyProvider given, Map<String, String> environment) {
    KeyProvider variables = fromEnvironment(config, environment);
    KeyProvider provider = given == null ? variables : id -> {
      Optional<byte[]> key = given.key(id);
      return key.isPresent() ? key : variables.key(id);
    };
    WrappingKeys keys = new WrappingKeys(provider, config.activeKeyId().orElse(null));
    if (keys.active != null && keys.key(keys.active).isEmpty()) {
      throw new ConfigInvalidException("integrity.encryption.activeKeyId is '" + keys.active + "', which "
          + (given != null ? "neither the key providers nor integrity.encryption.keys hold"
              : "is not among integrity.encryption.keys") + ": add the key, or set activeKeyId to a configured key id");
    }
    return keys;
  }

  /** The shipped provider: each configured id's variable, base64 of 32 bytes. */
  static KeyProvider fromEnvironment(EncryptionConfig config, Map<String, String> environment) {
    return id -> {
      String variable = config.keys().get(id);
      if (variable == null) {
        return Optional.empty();
      }
      String text = environment.get(variable);
      if (text == null || text.isBlank()) {
        throw new ConfigInvalidException("integrity.encryption.keys." + id + " names the environment variable "
            + variable + ", which is not set or empty: export it with the base64 of the 32-byte key");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigInvalidException("the environment variable " + variable + " (key '" + id + "') is not base64: "
            + "set it to the base64 of a 32-byte key (openssl rand -base64 32)");
      }
      return Optional.of(key);
    };
  }

  /** The active key's id, or null when new checkpoints are not encrypted. */
  @Nullable String active() {
    return active;
  }

  /**
   * Return the key with this id, asking the provider the first time.
   *
   * @throws ConfigInvalidException if the provider's key is not 32 bytes
   */
  Optional<SecretKeySpec> key(String id) {
    return keys.computeIfAbsent(id, k -> {
      Optional<byte[]> bytes = provider.key(k);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      byte[] raw = bytes.get();
      try {
        if (raw.length != 32) {
          throw new ConfigInvalidException("the key '" + k + "' has " + raw.length + " bytes, not 32: give a 256-bit "
              + "key (openssl rand -base64 32)");
        }
        return Optional.of(new SecretKeySpec(raw, "AES"));
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    });
  }

  /** Return the check value of a key: it names the key without revealing it. */
  static String check(SecretKeySpec key) {
    byte[] raw = key.getEncoded();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(raw, "HmacSHA256"));
      byte[] full = mac.doFinal("rollback key check value".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(full, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "WrappingKeys[active=" + active + ", asked=" + keys.keySet() + "]";
  }
}
