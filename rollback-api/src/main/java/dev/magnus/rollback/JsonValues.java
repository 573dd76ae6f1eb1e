package dev.magnus.rollback;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    if (attributes instanceof FrozenAttributes frozen) {
      return frozen;
    }
    if (attributes instanceof FrozenJson.FrozenObject built && built.height <= MAX_DEPTH + 1) {
      return FrozenAttributes.of(built.fields()); // every value is normalized and frozen: no second copy
    }
    return FrozenAttributes.of(copyFields(attributes, "attributes", 0));
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
    boolean integral = integral(text);
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

  private static boolean integral(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < '0' || c > '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Object copy(@Nullable Object value, String path, int depth) {
    if (value == null || isLeaf(value)) {
      return value;
    }
    int height = FrozenJson.height(value);
    if (height > 0 && depth + height <= MAX_DEPTH) {
      return value; // normalized and frozen when it was made: shared, not copied
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
    LinkedHashMap<String, Object> fields = copyFields(map, path, depth);
    int height = 0;
    for (Object v : fields.values()) {
      height = Math.max(height, FrozenJson.height(v));
    }
    return new FrozenJson.FrozenObject(fields, height + 1);
  }

  private static LinkedHashMap<String, Object> copyFields(Map<?, ?> map, String path, int depth) {
    checkDepth(path, depth);
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidStateException("state map at " + path + " has key " + e.getKey()
            + (e.getKey() == null ? "" : " of type " + e.getKey().getClass().getName())
            + ": JSON object keys must be non-null strings");
      }
      Object value = e.getValue();
      copy.put(key, isLeaf(value) ? value : copy(value, path + "." + key, depth));
    }
    return copy;
  }

  private static List<Object> copyList(List<?> list, String path, int depth) {
    checkDepth(path, depth);
    @Nullable Object[] copy = list.toArray();
    int height = 0;
    for (int i = 0; i < copy.length; i++) {
      Object item = copy[i];
      copy[i] = isLeaf(item) ? item : copy(item, path + "[" + i + "]", depth);
      height = Math.max(height, FrozenJson.height(copy[i]));
    }
    return new FrozenJson.FrozenArray(copy, height + 1);
  }

  /** Tell whether a value is kept as it is without a path to name it by (the common case, cheaply). */
  private static boolean isLeaf(@Nullable Object value) {
    return value == null || value instanceof String || value instanceof Boolean || value instanceof Long
        || (value instanceof Double d && Double.isFinite(d));
  }

  private static void checkDepth(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidStateException("state value at " + path + " is nested deeper than " + MAX_DEPTH
          + " levels: flatten it");
    }
  }

  /**
   * Start a JSON object for a parser to fill: its values are normalized as they are put, so the
   * object it builds becomes part of a state without being copied again (a state decoded this way is
   * built once instead of twice).
   *
   * @return an empty builder
   */
  public static ObjectBuilder objectBuilder() {
    return new ObjectBuilder();
  }

  /**
   * Start a JSON array for a parser to fill, as {@link #objectBuilder()} does for an object.
   *
   * @return an empty builder
   */
  public static ArrayBuilder arrayBuilder() {
    return new ArrayBuilder();
  }

  /** Normalize one value for a builder: leaves and built containers as they are, anything else deep-copied. */
  private static @Nullable Object adopt(@Nullable Object value, @Nullable String key, int index) {
    return isLeaf(value) || FrozenJson.height(value) > 0 ? value : copy(value, key != null ? key : "[" + index + "]", 0);
  }

  /**
   * Build one JSON object, field by field, in order; a repeated key keeps its last value. A value is
   * kept as it is when it is a string, boolean, {@code Long}, null, or an object or array built by a
   * builder; any other value is normalized and deep-copied as {@link #copy} does. Not thread-safe; the
   * built object is immutable and thread-safe.
   */
  public static final class ObjectBuilder {
    private @Nullable LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    private int height;

    private ObjectBuilder() {}

    /**
     * Set one field.
     *
     * @param key the field name
     * @param value the value
     * @return this builder
     * @throws InvalidStateException if the value is not JSON-compatible
     * @throws IllegalStateException if the object was built already
     */
    public ObjectBuilder put(String key, @Nullable Object value) {
      Objects.requireNonNull(key, "key");
      Object kept = adopt(value, key, 0);
      open(fields).put(key, kept);
      height = Math.max(height, FrozenJson.height(kept));
      return this;
    }

    /**
     * Return the object; the builder cannot be used after this.
     *
     * @return an unmodifiable, insertion-ordered map
     * @throws IllegalStateException if the object was built already
     */
    public Map<String, Object> build() {
      LinkedHashMap<String, Object> done = open(fields);
      fields = null;
      return new FrozenJson.FrozenObject(done, height + 1);
    }
  }

  /** Build one JSON array, item by item, with the same rules as {@link ObjectBuilder}. Not thread-safe. */
  public static final class ArrayBuilder {
    private @Nullable ArrayList<@Nullable Object> items = new ArrayList<>();
    private int height;

    private ArrayBuilder() {}

    /**
     * Append one item.
     *
     * @param value the item
     * @return this builder
     * @throws InvalidStateException if the value is not JSON-compatible
     * @throws IllegalStateException if the array was built already
     */
    public ArrayBuilder add(@Nullable Object value) {
      ArrayList<@Nullable Object> list = open(items);
      Object kept = adopt(value, null, list.size());
      list.add(kept);
      height = Math.max(height, FrozenJson.height(kept));
      return this;
    }

    /**
     * Return the array; the builder cannot be used after this.
     *
     * @return an unmodifiable list
     * @throws IllegalStateException if the array was built already
     */
    public List<Object> build() {
      ArrayList<@Nullable Object> done = open(items);
      items = null;
      return new FrozenJson.FrozenArray(done.toArray(), height + 1);
    }
  }

  private static <T> T open(@Nullable T contents) {
    if (contents == null) {
      throw new IllegalStateException("this builder has built its value already: start a new one");
    }
    return contents;
  }

  /** A value whose type is not a JSON value type, so that a caller with a mapper can convert it instead. */
  static final class NotJson extends InvalidStateException {
    NotJson(String message) {
      super(message);
    }
  }
}
