package dev.magnus.rollback;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copy and normalize JSON-compatible values, so that state survives encode/decode unchanged.
 *
 * <p>Accepted: {@code null}, {@link String}, {@link Boolean}, integral numbers (normalized to
 * {@link Long}; a {@link BigInteger} beyond long range to {@link BigDecimal}), finite {@link Double}
 * and {@link Float} (to {@code Double}), {@link BigDecimal} (to {@code Long} or {@code Double} when
 * the text is the same, so that a value reads back exactly as it was given), {@link List} and
 * {@link Map} with {@link String} keys, nested. Copies are deep and unmodifiable; maps keep their
 * order. Thread-safe (stateless).
 */
public final class JsonValues {
  /** Nesting deeper than this is rejected, so that a hostile state cannot blow the stack. */
  public static final int MAX_DEPTH = 64;

  private JsonValues() {}

  /**
   * Deep-copy a map of attributes into an unmodifiable, normalized map.
   *
   * @param attributes the attributes
   * @return the normalized copy
   * @throws InvalidStateException naming the path and type of the first value that is not JSON-compatible
   */
  public static Map<String, Object> copyObject(Map<String, ?> attributes) {
    return freeze(attributes); // a frozen map was made from a deep copy: already normalized and immutable
  }

  /**
   * Return attributes with one field set (or removed, for {@code remove}), sharing every other value:
   * the values of a frozen map are already normalized and immutable, so only the new value is
   * deep-copied, and setting an existing key shares the key index too (see {@link FrozenAttributes}).
   * An update then costs what changed, not the whole state.
   */
  static Map<String, Object> with(Map<String, Object> frozen, String key, @Nullable Object value, boolean remove) {
    FrozenAttributes base = freeze(frozen);
    return remove ? base.without(key) : base.with(key, copy(value, "attributes." + key, 0));
  }

  /**
   * Return attributes with several fields set, sharing every other value, as {@link #with} does for one:
   * only the new values are deep-copied.
   */
  static Map<String, Object> withAll(Map<String, Object> frozen, Map<?, ?> values) {
    Map<String, @Nullable Object> copies = new LinkedHashMap<>(Math.max(4, values.size() * 2));
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidStateException("state map at attributes has key " + e.getKey()
            + ": JSON object keys must be non-null strings");
      }
      copies.put(key, copy(e.getValue(), "attributes." + key, 0));
    }
    return freeze(frozen).withAll(copies);
  }

  private static FrozenAttributes freeze(Map<String, ?> attributes) {
    return attributes instanceof FrozenAttributes frozen ? frozen
        : FrozenAttributes.of(copyFields(attributes, "attributes", 0));
  }

  /**
   * Deep-copy and normalize one value.
   *
   * @param value the value
   * @param path where the value sits, for the error message, for example {@code attributes.plan[2]}
   * @return the normalized copy
   * @throws InvalidStateException if the value is not JSON-compatible
   */
  public static @Nullable Object copy(@Nullable Object value, String path) {
    return copy(value, path, 0);
  }

  /**
   * Turn number text as written by an encoder back into the normalized number type.
   *
   * @param text the number's JSON text
   * @return a Long, Double or BigDecimal
   * @throws NumberFormatException if the text is not a number
   */
  public static Number numberFromText(String text) {
    boolean integral = text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-');
    if (integral && text.length() <= 18) {
      return Long.parseLong(text); // at most 18 digits always fits a long: no BigInteger needed
    }
    if (integral) {
      BigInteger big = new BigInteger(text);
      return big.bitLength() < 64 ? (Number) big.longValue() : new BigDecimal(big);
    }
    double d = Double.parseDouble(text);
    if (Double.isFinite(d) && Double.toString(d).equals(text)) {
      return d;
    }
    return new BigDecimal(text);
  }

  private static @Nullable Object copy(@Nullable Object value, String path, int depth) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      return finite(((Number) value).doubleValue(), path);
    }
    if (value instanceof BigInteger) {
      return numberFromText(value.toString());
    }
    if (value instanceof BigDecimal) {
      return numberFromText(value.toString());
    }
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, path, depth + 1);
    }
    if (value instanceof List<?> list) {
      return copyList(list, path, depth + 1);
    }
    throw new NotJson("state value at " + path + " has type " + value.getClass().getName()
        + ", which is not JSON-compatible: use String, Boolean, Long, Double, BigDecimal, List, Map or null");
  }

  private static Double finite(double d, String path) {
    if (!Double.isFinite(d)) {
      throw new InvalidStateException("state value at " + path + " is " + d
          + ", which JSON cannot represent: store a finite number, or a string");
    }
    return d;
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
    return Collections.unmodifiableMap(copyFields(map, path, depth));
  }

  private static Map<String, Object> copyFields(Map<?, ?> map, String path, int depth) {
    checkDepth(path, depth);
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidStateException("state map at " + path + " has key " + e.getKey()
            + (e.getKey() == null ? "" : " of type " + e.getKey().getClass().getName())
            + ": JSON object keys must be non-null strings");
      }
      copy.put(key, copy(e.getValue(), path + "." + key, depth));
    }
    return copy;
  }

  private static List<Object> copyList(List<?> list, String path, int depth) {
    checkDepth(path, depth);
    List<Object> copy = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      copy.add(copy(list.get(i), path + "[" + i + "]", depth));
    }
    return Collections.unmodifiableList(copy);
  }

  private static void checkDepth(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidStateException("state value at " + path + " is nested deeper than " + MAX_DEPTH
          + " levels: flatten it");
    }
  }

  /** A value whose type is not a JSON value type, so that a caller with a mapper can convert it instead. */
  static final class NotJson extends InvalidStateException {
    NotJson(String message) {
      super(message);
    }
  }
}
