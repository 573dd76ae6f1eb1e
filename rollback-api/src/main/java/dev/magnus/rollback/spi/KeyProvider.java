package dev.magnus.rollback.spi;

import java.util.Optional;

/**
 * Supply the 256-bit keys that wrap the data keys of encrypted checkpoints, by key id. The engine
 * asks once per key id and keeps the key for its lifetime; it zeroes the returned array after use.
 * The shipped provider reads base64 keys from the environment variables that
 * {@code integrity.encryption.keys} names. Add others (a secrets manager, a hardware module's export)
 * to the engine builder, as CDI beans (rollback-cdi), or with {@link java.util.ServiceLoader}; the
 * engine asks them in that order (ServiceLoader's by class name), the variables last, and the first
 * that holds a key id answers for it.
 *
 * <p>Implementations must be thread-safe and must never log, print or put a key into an exception.
 */
@FunctionalInterface
public interface KeyProvider {
  /**
   * Return a fresh copy of the key with this id.
   *
   * @param keyId the key's id, as configured
   * @return the key's 32 bytes, or empty when this provider holds no key of that id
   * @throws IllegalArgumentException if the key exists but is not 32 bytes; the message names the key id,
   *     never the key
   */
  Optional<byte[]> key(String keyId);
}
