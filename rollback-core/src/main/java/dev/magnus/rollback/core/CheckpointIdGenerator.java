package dev.magnus.rollback.core;

import dev.magnus.rollback.CheckpointId;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Generate unique, time-ordered checkpoint ids: 48 bits of milliseconds since the epoch, then 80
 * bits that start random for each millisecond and grow by one within it, written as 26 characters of
 * Crockford base 32 (the ULID layout). Ids of one generator sort in generation order even when the
 * clock stands still or steps back (the last timestamp is reused). Thread-safe: {@code next()} is
 * synchronized, which costs far less than the checkpoint write it serves.
 */
final class CheckpointIdGenerator {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long high; // upper 16 of the 80 random bits
  private long low; // lower 64 of the 80 random bits

  CheckpointIdGenerator(Clock clock) {
    this.clock = clock;
  }

  synchronized CheckpointId next() {
    long now = Math.max(clock.millis(), lastMillis);
    if (now != lastMillis) {
      lastMillis = now;
      high = random.nextInt(1 << 15); // top bit clear leaves room to count without overflow
      low = random.nextLong();
    } else if (++low == 0) {
      high++;
    }
    return new CheckpointId(encode(now, high, low));
  }

  private static String encode(long millis, long high, long low) {
    char[] out = new char[26];
    // 128 bits: millis (48) | high (16) | low (64); emit 5 bits at a time from the top (first char holds 3 bits).
    long top = (millis << 16) | (high & 0xFFFF); // 64 bits
    for (int i = 25; i >= 0; i--) {
      int bitIndex = (25 - i) * 5; // bits from the least significant end
      out[i] = ALPHABET[bitsAt(top, low, bitIndex)];
    }
    return new String(out);
  }

  private static int bitsAt(long top, long low, int shift) {
    long value;
    if (shift + 5 <= 64) {
      value = low >>> shift;
    } else if (shift >= 64) {
      value = top >>> (shift - 64);
    } else {
      value = (low >>> shift) | (top << (64 - shift));
    }
    return (int) (value & 0x1F);
  }
}
