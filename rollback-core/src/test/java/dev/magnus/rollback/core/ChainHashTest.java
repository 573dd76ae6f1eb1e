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
