package dev.magnus.rollback.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Write the commands' --json output and the states `show` and `diff` print, with Jackson's streaming
 * generator: a value is a Map (keys in its iteration order), a List, a String, a Number, a Boolean or
 * null; anything else is written as its string (an Instant, an enum). Stateless.
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Write a value as pretty JSON followed by a new line. */
  static void print(Printer out, @Nullable Object value) {
    out.line(pretty(value));
  }

  /** Return a value as pretty JSON (two-space indent). */
  static String pretty(@Nullable Object value) {
    return write(value, true);
  }

  /** Return a value as compact JSON on one line. */
  static String compact(@Nullable Object value) {
    return write(value, false);
  }

  private static String write(@Nullable Object value, boolean pretty) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator((Writer) text)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      value(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void value(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object element : list) {
        value(g, element);
      }
      g.writeEndArray();
    } else {
      scalar(g, value);
    }
  }

  private static void scalar(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (value instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else {
      g.writeString(value.toString());
    }
  }
}
