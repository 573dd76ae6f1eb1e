package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state's attributes are copied once, when they come from outside, and never again (rollback-bench finding). */
class SessionStateCopyTest {
  private static SessionState state() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("route", new LinkedHashMap<>(Map.of("model", "opus")));
    attributes.put("steps", new ArrayList<>(List.of(1L, 2L)));
    return SessionState.initial("s-1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), attributes);
  }

  @Test
  void withRevisionSharesTheAlreadyFrozenAttributesInsteadOfDeepCopyingThem() {
    // given
    SessionState state = state();

    // when
    SessionState next = state.withRevision(7);

    // then
    assertSame(state.attributes(), next.attributes());
    assertEquals(7, next.revision());
  }

  @Test
  void attributesFromOutsideAreStillCopiedAndFrozenAllTheWayDown() {
    // given
    Map<String, Object> mine = new LinkedHashMap<>();
    List<Object> steps = new ArrayList<>(List.of(1L));
    mine.put("steps", steps);

    // when
    SessionState state = new SessionState("s-1", SessionMetadata.of("u", "t", "1", List.of(), Instant.EPOCH), 0, mine);
    steps.add(2L);
    mine.put("later", "x");

    // then
    assertNotSame(mine, state.attributes());
    assertEquals(Map.of("steps", List.of(1L)), state.attributes());
    Map<String, Object> frozen = state.attributes();
    assertThrows(UnsupportedOperationException.class, () -> frozen.put("k", "v"));
    assertThrows(UnsupportedOperationException.class, () -> frozen.remove("steps"));
    assertThrows(UnsupportedOperationException.class, () -> frozen.keySet().clear());
    assertThrows(UnsupportedOperationException.class, () -> frozen.entrySet().iterator().next().setValue("v"));
    assertThrows(UnsupportedOperationException.class, () -> frozen.replaceAll((k, v) -> v));
    @SuppressWarnings("unchecked")
    List<Object> nested = (List<Object>) frozen.get("steps");
    assertThrows(UnsupportedOperationException.class, () -> nested.add(3L));
  }

  @Test
  void aStateBuiltFromAnotherStatesAttributesEqualsItAndUpdatesStillCopy() {
    // given
    SessionState state = state();

    // when
    SessionState updated = state.with("extra", "value");

    // then
    assertEquals(state.attributes().get("route"), updated.attributes().get("route"));
    assertEquals(3, updated.attributes().size());
    assertEquals(2, state.attributes().size());
    assertEquals(state, state.withRevision(state.revision()));
  }
}
