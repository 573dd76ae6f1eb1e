package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text in descriptors and markers: exact UTF-8 for every valid string, a clear refusal of an unpaired surrogate. */
class CodecTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "plain ascii", "caf\u00e9 na\u00efve", "\u65e5\u672c\u8a9e", "emoji \uD83D\uDE00 pair",
      "\uFFFF max bmp"})
  void everyValidStringIsWrittenAsItsUtf8AndReadBack(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Codec.str(out, text);
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer expected = ByteBuffer.allocate(4 + utf8.length).putInt(utf8.length).put(utf8);
    assertArrayEquals(expected.array(), bytes.toByteArray());
    assertEquals(text, Codec.str(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));

    Checkpoint c = new Checkpoint(CheckpointId.of("ck-1"), "session " + text, 3, Optional.empty(),
        CheckpointType.USER_REQUESTED, text, Instant.EPOCH, Map.of("label " + text, text), "a".repeat(64), "b".repeat(64),
        10, 10, Compression.NONE);
    assertEquals(c, Codec.checkpoint(Codec.checkpoint(c)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "high \uD83D alone", "low \uDE00 alone", "reversed \uDE00\uD83D"})
  void anUnpairedSurrogateIsRefusedNamingTheText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Codec.str(new DataOutputStream(new ByteArrayOutputStream()), text));
    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
  }
}
