package dev.magnus.rollback.core;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.IntegrityConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hash state payloads and checkpoint chains: SHA-256, or HMAC-SHA-256 when a key is configured.
 *
 * <p>The key comes from the environment variable that {@code integrity.hmacKeyEnv} names; it is
 * never stored, logged or audited. Digest objects are not thread-safe, so each thread keeps its own
 * in a {@link ThreadLocal}; the hasher itself is thread-safe.
 */
final class Hasher {
  private static final HexFormat HEX = HexFormat.of();
  private final ThreadLocal<Digest> digests;
  private final boolean keyed;

  private interface Digest {
    byte[] digest(byte[] data, int length);
  }

  private Hasher(Supplier<Digest> factory, boolean keyed) {
    this.digests = ThreadLocal.withInitial(factory);
    this.keyed = keyed;
  }

  static Hasher sha256() {
    return new Hasher(() -> {
      MessageDigest md = newSha256();
      return (data, length) -> {
        md.update(data, 0, length);
        return md.digest();
      };
    }, false);
  }

  static Hasher from(IntegrityConfig integrity, Map<String, String> environment) {
    Optional<String> variable = integrity.hmacKeyEnv();
    if (variable.isEmpty()) {
      return sha256();
    }
    String secret = environment.get(variable.get());
    if (secret == null || secret.isEmpty()) {
      throw new ConfigInvalidException("integrity.hmacKeyEnv names the environment variable " + variable.get()
          + ", which is not set or empty: set it to the HMAC key, or remove integrity.hmacKeyEnv");
    }
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    return new Hasher(() -> {
      Mac mac = newMac(key);
      return (data, length) -> {
        mac.update(data, 0, length);
        return mac.doFinal();
      };
    }, true);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256, which every Java SE platform must provide", e);
    }
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    }
  }

  boolean keyed() {
    return keyed;
  }

  String hex(byte[] data) {
    return hex(data, data.length);
  }

  /** Hash the first {@code length} bytes of {@code data}. */
  String hex(byte[] data, int length) {
    return HEX.formatHex(digests.get().digest(data, length));
  }

  String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Compare two hex hashes in constant time (for hashes of one length), without copying them. */
  static boolean same(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < a.length(); i++) {
      difference |= a.charAt(i) ^ b.charAt(i);
    }
    return difference == 0;
  }
}
