package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Setting or removing one attribute shares every other value: an update costs what changed. */
class SessionStateUpdateTest {
  private static SessionState withSixtyAttributes() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      attributes.put("a" + i, Map.of("history", List.of("x".repeat(50), i), "n", (long) i));
    }
    return SessionState.initial("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), attributes);
  }

  @Test
  void settingOneAttributeSharesTheOthersAndKeepsTheOrder() {
    // given
    SessionState before = withSixtyAttributes();
    // when
    SessionState after = before.with("a7", 7L).with("added", List.of(1, 2));
    // then
    for (int i = 0; i < 60; i++) {
      if (i != 7) {
        assertSame(before.attributes().get("a" + i), after.attributes().get("a" + i), "a" + i + " is shared");
      }
    }
    assertEquals(7L, after.attributes().get("a7"));
    assertEquals(List.of(1L, 2L), after.attributes().get("added"), "the new value is normalized");
    List<String> keys = new ArrayList<>(after.attributes().keySet());
    assertEquals("a0", keys.get(0));
    assertEquals("added", keys.get(keys.size() - 1));
    assertTrue(before.attributes().get("a7") instanceof Map, "the old state is unchanged");
  }

  @Test
  void removingOneAttributeSharesTheOthers() {
    // given
    SessionState before = withSixtyAttributes();
    // when
    SessionState after = before.without("a3");
    // then
    assertEquals(59, after.attributes().size());
    assertSame(before.attributes().get("a4"), after.attributes().get("a4"));
  }

  @Test
  void theNewValueIsStillCheckedAndTheAttributesStayUnmodifiable() {
    // given
    SessionState state = withSixtyAttributes();
    // when / then
    InvalidStateException e = assertThrows(InvalidStateException.class, () -> state.with("bad", Double.NaN));
    assertTrue(e.getMessage().contains("attributes.bad"), e::getMessage);
    assertThrows(UnsupportedOperationException.class, () -> state.with("x", 1L).attributes().put("y", 2L));
  }

  @Test
  void everyReadAgreesWithAPlainMapAfterSetsAddsAndRemoves() {
    // given
    SessionState state = withSixtyAttributes();
    Map<String, Object> expected = new LinkedHashMap<>(state.attributes());
    // when
    state = state.with("a5", "five").with("new1", 1L).without("a0").with("new2", true).without("new1")
        .withAll(Map.of("a9", 9L)).with("a0", "back");
    expected.put("a5", "five");
    expected.remove("a0");
    expected.put("new2", true);
    expected.put("a9", 9L);
    expected.put("a0", "back");
    // then
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(state.attributes().keySet()), "order");
    assertEquals(expected, state.attributes());
    assertEquals(state.attributes(), expected);
    assertEquals(expected.hashCode(), state.attributes().hashCode());
    for (String key : expected.keySet()) {
      assertEquals(expected.get(key), state.attributes().get(key), key);
      assertTrue(state.attributes().containsKey(key), key);
    }
    assertEquals(null, state.attributes().get("new1"), "a removed key is gone");
    assertEquals(false, state.attributes().containsKey("new1"));
  }

  @Test
  void setAllWithNewAndExistingKeysAppendsTheNewOnesInTheirOrder() {
    // given
    SessionState state = withSixtyAttributes();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("z", 1L);
    values.put("a1", "one");
    values.put("y", 2L);
    // when
    SessionState after = state.withAll(values);
    // then
    List<String> keys = new ArrayList<>(after.attributes().keySet());
    assertEquals(62, keys.size());
    assertEquals(List.of("z", "y"), keys.subList(60, 62));
    assertEquals("one", after.attributes().get("a1"));
    assertEquals(2L, after.attributes().get("y"));
    assertEquals(60, state.attributes().size(), "the old state is unchanged");
    assertEquals(null, state.attributes().get("z"));
  }

  @Test
  void branchesFromOneStateDoNotSeeEachOthersKeys() {
    // given
    SessionState base = withSixtyAttributes();
    // when
    SessionState left = base.with("left", 1L).with("a1", "left");
    SessionState right = base.with("right", 2L).with("a1", "right");
    // then
    assertEquals(null, left.attributes().get("right"));
    assertEquals(null, right.attributes().get("left"));
    assertEquals("left", left.attributes().get("a1"));
    assertEquals("right", right.attributes().get("a1"));
    assertTrue(base.attributes().get("a1") instanceof Map, "the base is unchanged");
  }

  @Test
  void aNullValueIsKeptAsAPresentKey() {
    // given
    SessionState state = withSixtyAttributes();
    // when
    SessionState after = state.with("a2", null);
    // then
    assertTrue(after.attributes().containsKey("a2"));
    assertEquals(null, after.attributes().get("a2"));
    assertEquals(60, after.attributes().size());
  }

  @Test
  void aThousandRandomSetsAndRemovesMatchALinkedHashMapInContentAndOrder() {
    // given
    java.util.SplittableRandom random = new java.util.SplittableRandom(19);
    SessionState state = SessionState.initial("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of());
    Map<String, Object> model = new LinkedHashMap<>();
    // when
    for (int i = 0; i < 1000; i++) {
      String key = "k" + random.nextInt(150);
      if (random.nextInt(5) == 0) {
        state = state.without(key);
        model.remove(key);
      } else {
        state = state.with(key, (long) i);
        model.put(key, (long) i);
      }
    }
    // then
    assertEquals(new ArrayList<>(model.entrySet()), new ArrayList<>(state.attributes().entrySet()));
    for (int k = 0; k < 150; k++) {
      assertEquals(model.get("k" + k), state.attributes().get("k" + k), "k" + k);
    }
  }
}
