package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Compression;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.Adler32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Deflating a full snapshot from reused pieces inflates to exactly the codec's document. */
class PackedFragmentsTest {
  private final StateCodec codec = new StateCodec(1 << 26);

  private static SessionState state(Map<String, Object> attributes) {
    return SessionState.initial("s-1", SessionMetadata.of("u", "test", "1", List.of("a"), Instant.EPOCH), attributes);
  }

  private static String text(SplittableRandom random, int words) {
    String[] vocabulary = {"route", "model", "score", "é", "✓", "\"q\"", "tool", "\\", "plan", "step"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      b.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
    }
    return b.toString();
  }

  private static Object value(SplittableRandom random, int i) {
    switch (random.nextInt(6)) {
      case 0: return text(random, 1 + random.nextInt(8));
      case 1: return (long) random.nextInt();
      case 2: return List.of("x", (long) i, Map.of("deep", List.of(1L, "two")));
      case 3: return null;
      case 4: { // large: a history of entries, several KB
        List<Object> history = new ArrayList<>();
        for (int k = 0; k < 20 + random.nextInt(200); k++) {
          history.add(Map.of("turn", (long) k, "text", text(random, 40)));
        }
        return history;
      }
      default: return random.nextBoolean();
    }
  }

  private void assertPacksLikeTheCodec(PackedFragments packed, SessionState state, int schema,
      StateCodec.Extra extra, String where) {
    byte[] expected = codec.encode(state, schema, extra);
    PayloadCompression.Sized got = packed.pack(codec, state, schema, extra);
    assertEquals(Compression.DEFLATE, got.packed().compression(), where);
    assertEquals(expected.length, got.rawLength(), where);
    byte[] inflated = PayloadCompression.unpack(got.packed().bytes(), Compression.DEFLATE, got.rawLength());
    assertArrayEquals(expected, inflated, () -> where + ": " + new String(inflated, StandardCharsets.UTF_8));
  }

  @Test
  void aSequenceOfChangesToSmallAndLargeAttributesInflatesToTheCodecsDocument() {
    // given
    SplittableRandom random = new SplittableRandom(11);
    Map<String, Object> initial = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      initial.put("key" + i, value(random, i));
    }
    SessionState state = state(initial);
    PackedFragments packed = new PackedFragments();
    // when / then
    for (int step = 0; step < 120; step++) {
      String key = (step % 13 == 0 ? "ключ" : "key") + random.nextInt(36);
      int op = random.nextInt(10);
      state = op == 0 ? state.without(key) : state.with(key, value(random, step));
      state = state.withRevision(state.revision() + 1);
      int schema = step % 7 == 0 ? 4 : 1;
      int s = step;
      StateCodec.Extra extra = step % 3 == 0 ? null : g -> {
        g.writeObjectFieldStart("link");
        g.writeNumberField("baseRevision", s);
        g.writeEndObject();
      };
      assertPacksLikeTheCodec(packed, state, schema, extra, "step " + step);
    }
  }

  @Test
  void anEmptyStateAndOneOfOnlyALargeAttributePackLikeTheCodec() {
    PackedFragments packed = new PackedFragments();
    assertPacksLikeTheCodec(packed, state(Map.of()), 1, null, "empty");
    SessionState large = state(Map.of("history", text(new SplittableRandom(5), 3000)));
    assertPacksLikeTheCodec(packed, large, 1, null, "one large");
    assertPacksLikeTheCodec(packed, large.withRevision(9), 1, g -> { }, "again, an extra writing nothing");
  }

  @Test
  void aLargeUnchangedAttributeReusesItsPiece() {
    // given: one large attribute and a small one
    SplittableRandom random = new SplittableRandom(2);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("small", "a");
    attributes.put("history", text(random, 3000));
    SessionState first = state(attributes);
    PackedFragments packed = new PackedFragments();
    byte[] before = packed.pack(codec, first, 1, null).packed().bytes();
    // when: only the small one changes
    byte[] after = packed.pack(codec, first.with("small", "b"), 1, null).packed().bytes();
    // then: the large attribute's deflated bytes appear unchanged in both streams
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      byte[] raw = ("\"history\":" + new String(codec.encodeValue(attributes.get("history")), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      byte[] piece = PackedFragments.piece(deflater, raw, raw.length).deflated();
      assertTrue(indexOf(before, piece) > 0 && indexOf(after, piece) > 0, "the piece is in both streams");
    } finally {
      deflater.end();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void adlerCombineEqualsTheChecksumOfTheConcatenation() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 500; i++) {
      byte[] a = new byte[random.nextInt(i < 5 ? 3 : 70_000)];
      byte[] b = new byte[random.nextInt(i % 50 == 0 ? 2 : 200_000)];
      random.nextBytes(a);
      random.nextBytes(b);
      Adler32 whole = new Adler32();
      whole.update(a);
      whole.update(b);
      Adler32 first = new Adler32();
      first.update(a);
      Adler32 second = new Adler32();
      second.update(b);
      assertEquals(whole.getValue(), PackedFragments.combine(first.getValue(), second.getValue(), b.length), "pair " + i);
    }
  }
}
