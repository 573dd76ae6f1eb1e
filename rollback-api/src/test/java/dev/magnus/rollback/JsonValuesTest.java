package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
