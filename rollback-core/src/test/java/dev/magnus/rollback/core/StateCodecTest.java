package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.SessionState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  private final StateCodec codec = new StateCodec(1 << 20);

  @Test
  void everyJsonTypeRoundTripsExactly() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("string", "h\u00e9llo \"quoted\" \n\u65e5\u672c");
    attributes.put("true", true);
    attributes.put("int", 42);
    attributes.put("long", Long.MIN_VALUE);
    attributes.put("double", 0.1);
    attributes.put("tiny", 4.9E-324);
    attributes.put("decimal", new BigDecimal("3.14159265358979323846264338327950288"));
    attributes.put("wholeDecimal", new BigDecimal("1E+3"));
    attributes.put("bigInteger", new BigInteger("123456789012345678901234567890"));
    attributes.put("null", null);
    attributes.put("list", Arrays.asList(1, "two", null, List.of(3.5)));
    attributes.put("map", Map.of("nested", Map.of("deeper", List.of())));
    SessionState state = SessionState.initial("s1", metadata(), attributes).withRevision(7);

    SessionState decoded = codec.decode(codec.encode(state));

    assertEquals(state, decoded);
    assertEquals(List.copyOf(state.attributes().keySet()), List.copyOf(decoded.attributes().keySet()), "order is kept");
  }

  @Test
  void numbersAreNormalizedTheSameWayOnInputAndOnDecode() {
    SessionState state = SessionState.initial("s1", metadata(),
        Map.of("a", 1.5f, "b", new BigDecimal("2.5"), "c", (short) 3, "d", new BigDecimal("10")));

    assertEquals(Map.of("a", 1.5d, "b", 2.5d, "c", 3L, "d", 10L), state.attributes());
    assertEquals(state, codec.decode(codec.encode(state)));
  }

  @Test
  void encodingIsDeterministic() {
    SessionState state = SessionState.initial("s1", metadata(), Map.of("x", List.of(1, 2, 3)));

    assertTrue(Arrays.equals(codec.encode(state), codec.encode(state)));
  }

  @Test
  void garbageIsRejectedWithAClearMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.decode("{\"v\":1,\"sessionId\":".getBytes(StandardCharsets.UTF_8)));

    assertTrue(e.getMessage().startsWith("state document"), e.getMessage());
  }

  @Test
  void anotherFormatVersionIsRejected() {
    byte[] json = new String(codec.encode(SessionState.initial("s1", metadata(), Map.of())), StandardCharsets.UTF_8)
        .replace("\"v\":1", "\"v\":99").getBytes(StandardCharsets.UTF_8);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(json));

    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
  }

  @Test
  void deeplyNestedDocumentsAreRejectedWithoutStackOverflow() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    byte[] json = ("{\"v\":1,\"sessionId\":\"s\",\"revision\":0,\"attributes\":{\"x\":" + deep + "}}")
        .getBytes(StandardCharsets.UTF_8);

    assertThrows(IllegalArgumentException.class, () -> codec.decode(json));
  }
}
