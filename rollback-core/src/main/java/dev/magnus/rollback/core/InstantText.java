package dev.magnus.rollback.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Write an instant exactly as {@link Instant#toString()} does, without its formatter: the checkpoint
 * and audit hashes cover timestamps in that text, and a checkpoint or rollback writes several.
 *
 * <p>For years 0 to 9999 the text is {@code yyyy-MM-ddTHH:mm:ss}, then the nanoseconds (none when
 * zero, else in groups of three digits: 3, 6 or 9), then {@code Z}; other years take
 * {@code Instant.toString} itself. Stateless and thread-safe.
 */
final class InstantText {
  private static final long YEAR_0 = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long YEAR_10000 = 253_402_300_800L; // 10000-01-01T00:00:00Z

  private InstantText() {}

  /** Return {@code instant.toString()}. */
  static String of(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < YEAR_0 || seconds >= YEAR_10000) {
      return instant.toString();
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    char[] text = new char[30];
    digits(text, 0, t.getYear(), 4);
    text[4] = '-';
    digits(text, 5, t.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, t.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, t.getHour(), 2);
    text[13] = ':';
    digits(text, 14, t.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, t.getSecond(), 2);
    int at = fraction(text, 19, instant.getNano());
    text[at++] = 'Z';
    return new String(text, 0, at);
  }

  private static int fraction(char[] text, int at, int nanos) {
    if (nanos == 0) {
      return at;
    }
    text[at++] = '.';
    if (nanos % 1_000_000 == 0) {
      digits(text, at, nanos / 1_000_000, 3);
      return at + 3;
    }
    if (nanos % 1_000 == 0) {
      digits(text, at, nanos / 1_000, 6);
      return at + 6;
    }
    digits(text, at, nanos, 9);
    return at + 9;
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
