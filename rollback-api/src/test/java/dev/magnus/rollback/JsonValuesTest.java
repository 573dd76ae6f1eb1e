package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
  @Test
  void integersUpToLongRangeReadBackAsLongAndBeyondAsBigDecimal() {
    assertEquals(0L, JsonValues.numberFromText("0"));
    assertEquals(-42L, JsonValues.numberFromText("-42"));
    assertEquals(999_999_999_999_999_999L, JsonValues.numberFromText("999999999999999999"));
    assertEquals(Long.MAX_VALUE, JsonValues.numberFromText(Long.toString(Long.MAX_VALUE)));
    assertEquals(Long.MIN_VALUE, JsonValues.numberFromText(Long.toString(Long.MIN_VALUE)));
    assertEquals(new BigDecimal("9223372036854775808"), JsonValues.numberFromText("9223372036854775808"));
  }

  @Test
  void floatingTextReadsBackAsDoubleWhenExactAndAsBigDecimalOtherwise() {
    assertEquals(0.1, JsonValues.numberFromText("0.1"));
    assertEquals(new BigDecimal("3.14159265358979323846"), JsonValues.numberFromText("3.14159265358979323846"));
  }

  @Test
  void copiesAreDeepAndUnmodifiable() {
    List<Object> inner = new java.util.ArrayList<>(List.of(1, 2));
    Map<String, Object> copy = JsonValues.copyObject(Map.of("list", inner));
    inner.add(3);

    assertEquals(List.of(1L, 2L), copy.get("list"));
    assertThrows(UnsupportedOperationException.class, () -> copy.put("x", 1L));
  }

  @Test
  void aBuiltObjectBecomesPartOfAStateWithoutBeingCopiedAgain() {
    Map<String, Object> inner = JsonValues.objectBuilder().put("n", 1L).build();
    Map<String, Object> attributes = JsonValues.objectBuilder().put("inner", inner).put("s", "x").build();

    SessionState state = new SessionState("s1", SessionMetadata.of("u", "test", "1", List.of(),
        java.time.Instant.EPOCH), 0, attributes);

    assertSame(inner, state.attributes().get("inner"));
    assertSame(inner, state.with("again", inner).attributes().get("again"));
    assertEquals(Map.of("inner", Map.of("n", 1L), "s", "x"), state.attributes());
  }

  @Test
  void buildersNormalizeWhatTheyAreGivenAndCannotChangeWhatTheyBuilt() {
    List<Object> mutable = new java.util.ArrayList<>(List.of(1, 2.5f));
    JsonValues.ArrayBuilder array = JsonValues.arrayBuilder().add(mutable).add(7);
    List<Object> built = array.build();
    mutable.add(3);

    assertEquals(List.of(List.of(1L, 2.5), 7L), built);
    assertThrows(IllegalStateException.class, () -> array.add("late"));
    assertThrows(UnsupportedOperationException.class, () -> built.add("x"));
    JsonValues.ObjectBuilder object = JsonValues.objectBuilder();
    Map<String, Object> map = object.build();
    assertThrows(IllegalStateException.class, () -> object.put("late", 1L));
    assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1L));
  }

  @Test
  void aSharedValueStillRespectsTheNestingLimitWhereItIsPlaced() {
    Object deepest = "leaf";
    for (int i = 0; i < JsonValues.MAX_DEPTH; i++) {
      deepest = JsonValues.objectBuilder().put("d", deepest).build();
    }
    Object limit = deepest;
    Map<String, Object> ok = JsonValues.copyObject(Map.of("a", limit));
    Object tooDeep = JsonValues.objectBuilder().put("d", limit).build();

    assertSame(limit, ok.get("a"));
    InvalidStateException e = assertThrows(InvalidStateException.class,
        () -> JsonValues.copyObject(Map.of("a", tooDeep)));
    assertEquals(true, e.getMessage().contains("deeper than " + JsonValues.MAX_DEPTH), e.getMessage());
  }
}
