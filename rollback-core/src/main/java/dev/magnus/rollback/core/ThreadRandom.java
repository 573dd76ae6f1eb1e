package dev.magnus.rollback.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A cryptographically strong random source per thread, for checkpoint ids and encryption nonces.
 *
 * <p>Why not one shared {@code new SecureRandom()}: on Linux that is {@code NativePRNG}, whose every
 * instance reads {@code /dev/urandom} and mixes in a SHA1PRNG under one process-wide lock. JFR showed
 * 32 sessions on 2 cores blocked on that lock for 95 s of a 12 s run (ids are drawn at each new
 * millisecond, when many threads race for it). A {@code DRBG} instance (NIST SP 800-90A, seeded from
 * the system's entropy when created) per thread has a lock only its thread takes. Sharing a few DRBG
 * instances by thread id was tried: 32 threads on 4 of them blocked as often as on the shared one. A
 * thread's first draw creates its instance, about 3 µs here (a virtual thread per request pays that
 * once per request). Thread-safe.
 */
final class ThreadRandom {
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ThreadRandom::create);

  private ThreadRandom() {}

  /** Return this thread's random source. */
  static SecureRandom get() {
    return RANDOM.get();
  }

  private static SecureRandom create() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom(); // a JDK without the DRBG provider: correct, only contended
    }
  }
}
