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
}
