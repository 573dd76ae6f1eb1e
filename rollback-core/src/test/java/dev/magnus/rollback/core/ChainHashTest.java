package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain hash's bytes are those of its documented text form, whatever the descriptor holds. */
class ChainHashTest {
  private final Hasher hasher = Hasher.sha256();

  @ParameterizedTest
  @ValueSource(strings = {"plain", "", "caf\u00e9 \u2603 \ud83d\ude00", "unpaired \ud800 surrogate", "long"})
  void theHashIsThatOfTheLengthPrefixedTextOfEveryField(String given) {
    String text = given.equals("long") ? "x".repeat(2000) : given;
    Checkpoint c = new Checkpoint(CheckpointId.of("c000000000001"), "s", 7, Optional.of(CheckpointId.of("p1")),
        CheckpointType.USER_REQUESTED, text, Instant.parse("2026-12-07T10:00:00.123Z"),
        Map.of("k", text, "rollback.encoding", "delta"), "abc", "ignored", 10, 10, Compression.DEFLATE);

    String expected = hasher.hex(reference(c, "parent-" + text));

    assertEquals(expected, ChainHash.of(hasher, c, "parent-" + text));
    assertNotEquals(expected, ChainHash.of(hasher, c, "parent-" + text + "x"));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 9, 10, 99, 100, 1_000_000_007L, 123_456_789_012L, Long.MAX_VALUE})
  void sequencesAndLabelCountsOfAnyWidthAreWrittenAsTheirDecimalText(long sequence) {
    Map<String, String> labels = new java.util.TreeMap<>();
    for (int i = 0; i < (int) (sequence % 13); i++) {
      labels.put("k" + i, "v" + i);
    }
    Checkpoint c = new Checkpoint(CheckpointId.of("c000000000001"), "s", sequence, Optional.empty(),
        CheckpointType.USER_REQUESTED, "d", Instant.parse("2026-12-07T10:00:00Z"), labels, "abc", "ignored", 10, 10,
        Compression.NONE);

    assertEquals(hasher.hex(reference(c, "")), ChainHash.of(hasher, c, ""), "sequence " + sequence);
  }

  @org.junit.jupiter.api.Test
  void creationTimesAreWrittenAsTheirIsoTextForAnyDateAndFraction() {
    java.util.List<Instant> instants = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH,
        Instant.parse("2000-02-29T23:59:59.999999999Z"), Instant.parse("2024-02-29T00:00:00.5Z"),
        Instant.parse("2100-03-01T00:00:00.000001Z"), Instant.parse("1999-12-31T23:59:59.010Z"),
        Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("1969-12-31T23:59:59.9Z"), Instant.parse("0001-01-01T00:00:00Z")));
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < 3000; i++) {
      int[] units = {1, 1000, 1_000_000, 1_000_000_000};
      instants.add(Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L),
          (long) random.nextInt(1_000_000_000 / units[i % 4]) * units[i % 4]));
    }
    for (Instant t : instants) {
      Checkpoint c = new Checkpoint(CheckpointId.of("c000000000001"), "s", 3, Optional.empty(),
          CheckpointType.USER_REQUESTED, "d", t, Map.of(), "abc", "ignored", 10, 10, Compression.NONE);
      assertEquals(hasher.hex(reference(c, "p")), ChainHash.of(hasher, c, "p"), t::toString);
    }
  }

  @org.junit.jupiter.api.Test
  void hashesCompareEqualOnlyWhenEveryCharacterIs() {
    String a = hasher.hex("a");
    org.junit.jupiter.api.Assertions.assertTrue(Hasher.same(a, new String(a.toCharArray())));
    org.junit.jupiter.api.Assertions.assertFalse(Hasher.same(a, a.substring(0, 63) + (a.endsWith("0") ? "1" : "0")));
    org.junit.jupiter.api.Assertions.assertFalse(Hasher.same(a, a.substring(1)));
    org.junit.jupiter.api.Assertions.assertFalse(Hasher.same("é", "è"), "not folded to '?' as ASCII bytes were");
  }

  /** The text form, written the plain way. */
  private static String reference(Checkpoint c, String parent) {
    StringBuilder b = new StringBuilder();
    field(b, parent);
    field(b, c.id().value());
    field(b, c.sessionId());
    field(b, Long.toString(c.sequence()));
    field(b, c.parentId().map(CheckpointId::value).orElse(""));
    field(b, c.type().name());
    field(b, c.description());
    field(b, c.createdAt().toString());
    b.append(c.labels().size()).append(';');
    c.labels().forEach((k, v) -> field(field(b, k), v));
    field(b, c.stateHash());
    field(b, c.compression().name());
    return b.toString();
  }

  private static StringBuilder field(StringBuilder b, String value) {
    return b.append(value.length()).append(':').append(value).append(';');
  }
}
