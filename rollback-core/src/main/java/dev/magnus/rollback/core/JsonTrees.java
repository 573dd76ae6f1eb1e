package dev.magnus.rollback.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.magnus.rollback.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Read JSON values of state and delta documents from a parser positioned on them: plain trees (maps and
 * lists, numbers as {@link JsonValues#numberFromText} gives them) or frozen trees a state shares as they
 * are. Stateless.
 */
final class JsonTrees {
  private JsonTrees() {}

  /** Read the object whose start the parser just passed, up to and with its end. */
  static Map<String, Object> readObject(JsonParser p) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      map.put(name, readValue(p, p.nextToken()));
    }
    expect(t, JsonToken.END_OBJECT, "object end");
    return map;
  }

  /** Read the value that starts at token {@code t}. */
  static @Nullable Object readValue(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new IllegalArgumentException("state document ends in the middle of a value");
    }
    switch (t) {
      case START_OBJECT: return readObject(p);
      case START_ARRAY: return readArray(p);
      case VALUE_STRING: return p.getText();
      case VALUE_NUMBER_INT: return p.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? (Object) p.getLongValue()
          : JsonValues.numberFromText(p.getText());
      case VALUE_NUMBER_FLOAT: return JsonValues.numberFromText(p.getText());
      case VALUE_TRUE: return Boolean.TRUE;
      case VALUE_FALSE: return Boolean.FALSE;
      case VALUE_NULL: return null;
      default: throw new IllegalArgumentException("unexpected " + t + " in state document");
    }
  }

  private static List<Object> readArray(JsonParser p) throws IOException {
    List<Object> list = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      list.add(readValue(p, t));
    }
    return list;
  }

  /** Read an object as {@link #readObject} does, into a frozen tree ({@link JsonValues#objectBuilder}). */
  static Map<String, Object> readFrozenObject(JsonParser p) throws IOException {
    JsonValues.ObjectBuilder object = JsonValues.objectBuilder();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      object.put(name, readFrozenValue(p, p.nextToken()));
    }
    expect(t, JsonToken.END_OBJECT, "object end");
    return object.build();
  }

  private static @Nullable Object readFrozenValue(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT) {
      return readFrozenObject(p);
    }
    if (t == JsonToken.START_ARRAY) {
      JsonValues.ArrayBuilder array = JsonValues.arrayBuilder();
      JsonToken item;
      while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
        array.add(readFrozenValue(p, item));
      }
      return array.build();
    }
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue(); // what numberFromText gives for an integer that fits a long, without the text
    }
    return readValue(p, t);
  }

  static void expect(JsonToken actual, JsonToken expected, String where) {
    if (actual != expected) {
      throw new IllegalArgumentException("state document: expected " + expected + " at " + where + ", found " + actual);
    }
  }
}
