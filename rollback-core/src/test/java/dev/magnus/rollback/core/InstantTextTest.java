package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantTextTest {
  @Test
  void writesEveryInstantAsInstantToStringDoes() {
    SplittableRandom random = new SplittableRandom(19);
    long min = Instant.parse("-2000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    int[] nanos = {0, 1, 999, 1_000, 120_000, 999_999, 1_000_000, 5_000_000, 123_456_789, 999_999_999};
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(min, max);
      int nano = i % 2 == 0 ? nanos[i / 2 % nanos.length] : random.nextInt(1_000_000_000);
      Instant instant = Instant.ofEpochSecond(seconds, nano);

      assertEquals(instant.toString(), InstantText.of(instant));
    }
  }

  @Test
  void writesTheEdgesOfTheFastRangeAsInstantToStringDoes() {
    for (String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "2026-12-07T10:00:00.100Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"}) {
      Instant instant = Instant.parse(text);

      assertEquals(instant.toString(), InstantText.of(instant));
    }
  }
}
