package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The labels column's JSON and the text check: pure functions, no server needed. */
class LabelsTest {
  @Test
  void anyStringsRoundTripThroughTheLabelsJson() {
    // given
    Map<String, String> labels = new TreeMap<>(Map.of("", "", "quote\"back\\slash", "{\"a\":1}", "nul\u0000", "\u0001\u001f",
        "lone\uD800", "\uDC00tail", "emoji🙂", "日本", "restoredFrom", "01J00000000000000000000000"));
    // when
    String json = Labels.encode(labels);
    // then
    assertEquals(labels, Labels.decode(json));
    assertFalse(json.contains("\u0000"), "no NUL reaches PostgreSQL text");
  }

  @Test
  void noLabelsIsAnEmptyObject() {
    // given / when
    String json = Labels.encode(Map.of());
    // then
    assertEquals("{}", json);
    assertEquals(Map.of(), Labels.decode(json));
  }

  @Test
  void aTamperedLabelsColumnIsReportedNotMisread() {
    // given
    String tampered = "{\"a\":\"b\",";
    // when / then
    assertThrows(RuntimeException.class, () -> Labels.decode(tampered));
    assertThrows(IllegalStateException.class, () -> Labels.decode("[\"a\"]"));
  }

  @Test
  void textWithANulOrAnUnpairedSurrogateIsNotStorable() {
    // given / when / then
    assertTrue(Rows.storable("plain sessão 🙂"));
    assertFalse(Rows.storable("a\u0000b"));
    assertFalse(Rows.storable("a\uD800"));
    assertFalse(Rows.storable("\uDC00a"));
    assertFalse(Rows.storable("\uD800\uD800"));
  }
}
