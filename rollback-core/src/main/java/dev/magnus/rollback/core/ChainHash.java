package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A checkpoint's chain hash: the hash of its parent's chain hash and its descriptor's fields, each
 * written as {@code <length in chars>:<UTF-8 bytes>;} (the labels preceded by their count and
 * {@code ;}, then each key and value), so that no field can be shifted into another. Built in a
 * per-thread buffer: a restore checks one per record it reads. Thread-safe.
 */
final class ChainHash {
  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);
  private static final long LAST_FOUR_DIGIT_YEAR = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private ChainHash() {}

  /** Return the chain hash of {@code c} (its own {@code chainHash} field is not read) under {@code parent}'s. */
  static String of(Hasher hasher, Checkpoint c, String parentChainHash) {
    Buffer b = BUFFERS.get();
    b.size = 0;
    b.field(parentChainHash).field(c.id().value()).field(c.sessionId()).number(c.sequence())
        .field(c.parentId().map(CheckpointId::value).orElse("")).field(c.type().name()).field(c.description())
        .instant(c.createdAt()).digits(c.labels().size()).ascii(";");
    c.labels().forEach((k, v) -> b.field(k).field(v));
    b.field(c.stateHash()).field(c.compression().name());
    return hasher.hex(b.bytes, b.size);
  }

  /** A growable byte buffer, reused by one thread. */
  private static final class Buffer {
    private byte[] bytes = new byte[512];
    private int size;

    Buffer field(String value) {
      return digits(value.length()).ascii(":").text(value).ascii(";");
    }

    /** A number as the field its decimal text makes (what {@code field(Long.toString(n))} writes). */
    Buffer number(long n) {
      return n < 0 ? field(Long.toString(n)) : digits(length(n)).ascii(":").digits(n).ascii(";");
    }

    /**
     * An instant as the field its ISO-8601 text makes ({@code field(t.toString())}), written directly
     * for the years 1970 to 9999 (the text of {@link java.time.format.DateTimeFormatter#ISO_INSTANT}:
     * seconds always, the fraction in groups of three digits as needed).
     */
    Buffer instant(Instant t) {
      long seconds = t.getEpochSecond();
      if (seconds < 0 || seconds > LAST_FOUR_DIGIT_YEAR) {
        return field(t.toString());
      }
      int nano = t.getNano();
      int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
      digits(20 + (fraction == 0 ? 0 : fraction + 1)).ascii(":");
      long days = Math.floorDiv(seconds, 86_400);
      int second = Math.floorMod(seconds, 86_400);
      // days to a civil date (H. Hinnant's algorithm, for days since 1970-01-01 >= 0)
      long z = days + 719_468;
      long era = z / 146_097;
      long doe = z - era * 146_097;
      long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
      long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
      long mp = (5 * doy + 2) / 153;
      long month = mp < 10 ? mp + 3 : mp - 9;
      long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
      padded(year, 4).ascii("-").padded(month, 2).ascii("-").padded(doy - (153 * mp + 2) / 5 + 1, 2).ascii("T");
      padded(second / 3600, 2).ascii(":").padded(second / 60 % 60, 2).ascii(":").padded(second % 60, 2);
      if (fraction > 0) {
        ascii(".").padded(nano / (fraction == 3 ? 1_000_000 : fraction == 6 ? 1000 : 1), fraction);
      }
      return ascii("Z;");
    }

    private Buffer padded(long n, int width) {
      room(width);
      long rest = n;
      for (int i = size + width - 1; i >= size; i--) {
        bytes[i] = (byte) ('0' + rest % 10);
        rest /= 10;
      }
      size += width;
      return this;
    }

    /** The decimal text of {@code n}, as {@code Long.toString} writes it, without making a string. */
    Buffer digits(long n) {
      if (n < 0) {
        return ascii(Long.toString(n));
      }
      int length = length(n);
      room(length);
      long rest = n;
      for (int i = size + length - 1; i >= size; i--) {
        bytes[i] = (byte) ('0' + rest % 10);
        rest /= 10;
      }
      size += length;
      return this;
    }

    private static int length(long n) {
      int length = 1;
      for (long rest = n / 10; rest != 0; rest /= 10) {
        length++;
      }
      return length;
    }

    Buffer ascii(String text) {
      room(text.length());
      for (int i = 0; i < text.length(); i++) {
        bytes[size++] = (byte) text.charAt(i);
      }
      return this;
    }

    private Buffer text(String value) {
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) >= 0x80) { // as String.getBytes writes it, unpaired surrogates included
          byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
          room(utf8.length);
          System.arraycopy(utf8, 0, bytes, size, utf8.length);
          size += utf8.length;
          return this;
        }
      }
      return ascii(value);
    }

    private void room(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
