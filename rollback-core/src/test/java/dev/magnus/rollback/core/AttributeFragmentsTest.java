package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reusing the bytes of unchanged attributes gives exactly the bytes of a full encode. */
class AttributeFragmentsTest {
  private final StateCodec codec = new StateCodec(1 << 24);

  private static SessionState state(Map<String, Object> attributes) {
    return SessionState.initial("s-1", SessionMetadata.of("u", "test", "1", List.of("a"), Instant.EPOCH), attributes);
  }

  private static Object value(SplittableRandom random, int i) {
    switch (random.nextInt(7)) {
      case 0: return "text " + i + " \"quoted\" \\ é ✓ \u0001";
      case 1: return (long) random.nextInt();
      case 2: return random.nextDouble();
      case 3: return random.nextBoolean();
      case 4: return List.of("x", (long) i, Map.of("deep", List.of(1L, "two")));
      case 5: return Map.of("k" + i, "v", "n", (long) i);
      default: return new java.math.BigDecimal("12345678901234567890.5");
    }
  }

  @Test
  void aSequenceOfSetsAddsRemovesAndNullsEncodesLikeTheCodec() {
    // given
    SplittableRandom random = new SplittableRandom(7);
    Map<String, Object> initial = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      initial.put("key" + i, value(random, i));
    }
    SessionState state = state(initial);
    AttributeFragments fragments = new AttributeFragments();
    // when / then
    for (int step = 0; step < 300; step++) {
      String key = (step % 11 == 0 ? "ключ" : "key") + random.nextInt(50);
      int op = random.nextInt(10);
      state = op == 0 ? state.without(key) : state.with(key, op == 1 ? null : value(random, step));
      state = state.withRevision(state.revision() + 1);
      int schema = step % 5 == 0 ? 3 : 1;
      assertArrayEquals(codec.encode(state, schema), fragments.encode(codec, state, schema),
          () -> "step " + new String(codec.encode(state(Map.of()), 1), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anUnchangedStateAndAnEmptyOneEncodeLikeTheCodec() {
    // given
    SessionState state = state(Map.of("a", 1L, "b", List.of("c")));
    SessionState empty = state(Map.of());
    AttributeFragments fragments = new AttributeFragments();
    // when
    byte[] first = fragments.encode(codec, state, 1);
    byte[] again = fragments.encode(codec, state, 1);
    byte[] none = fragments.encode(codec, empty, 1);
    // then
    assertArrayEquals(codec.encode(state), first);
    assertArrayEquals(codec.encode(state), again);
    assertArrayEquals(codec.encode(empty), none);
    assertEquals(codec.decode(again), state, "the document decodes to the state");
  }

  @Test
  void anotherStateOfTheSameShapeIsNotTakenForTheLastOne() {
    // given: the same keys in the same order, equal-looking but different values
    Map<String, Object> a = new LinkedHashMap<>();
    Map<String, Object> b = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      a.put("k" + i, new ArrayList<>(List.of((long) i)));
      b.put("k" + i, new ArrayList<>(List.of((long) i + 100)));
    }
    AttributeFragments fragments = new AttributeFragments();
    fragments.encode(codec, state(a), 1);
    // when
    byte[] second = fragments.encode(codec, state(b), 1);
    // then
    assertArrayEquals(codec.encode(state(b)), second);
  }

  @Test
  void aStateOfOtherMetadataOrAnotherSessionGetsItsOwnHeader() {
    // given: the same attributes under changed metadata, then under another session
    SessionState state = state(Map.of("a", 1L));
    SessionMetadata other = SessionMetadata.of("u", "test", "2", List.of("a", "b"), Instant.parse("2026-12-07T10:00:00.5Z"));
    SessionState retagged = new SessionState("s-1", other, 7, state.attributes());
    SessionState moved = new SessionState("s-2", other, 7, state.attributes());
    AttributeFragments fragments = new AttributeFragments();
    fragments.encode(codec, state, 1);
    // when
    byte[] second = fragments.encode(codec, retagged, 1);
    byte[] third = fragments.encode(codec, moved, 1);
    // then
    assertArrayEquals(codec.encode(retagged), second);
    assertArrayEquals(codec.encode(moved), third);
  }
}
