package dev.magnus.rollback;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The nested objects and arrays of a state: JSON containers known to be normalized and deeply
 * unmodifiable, so that {@link JsonValues} shares them instead of copying them again.
 *
 * <p>Design: only {@link JsonValues} creates them, from a deep copy it made or from a builder whose
 * every value it normalized on the way in ({@link JsonValues.ObjectBuilder}); either way nobody else
 * holds the backing map or array. Each knows its height (1 for a container of leaves), so that a shared
 * container still respects {@link JsonValues#MAX_DEPTH} where it is placed. Every mutator throws
 * {@link UnsupportedOperationException}; equality and hash codes are those of {@link Map} and
 * {@link java.util.List}. Thread-safe: immutable, published through final fields.
 */
final class FrozenJson {
  private FrozenJson() {}

  /** Return the height of a frozen container, 0 for a leaf, -1 for a container that is not frozen. */
  static int height(@Nullable Object value) {
    if (value instanceof FrozenObject o) {
      return o.height;
    }
    if (value instanceof FrozenArray a) {
      return a.height;
    }
    return value instanceof Map || value instanceof java.util.List ? -1 : 0;
  }

  /** A JSON object: insertion-ordered fields over a map nobody else references. */
  static final class FrozenObject extends AbstractMap<String, Object> {
    private final Map<String, Object> fields;
    final int height;

    FrozenObject(LinkedHashMap<String, Object> fresh, int height) {
      this.fields = Collections.unmodifiableMap(fresh);
      this.height = height;
    }

    /** Return the fields for {@link FrozenAttributes} to take over (read-only). */
    Map<String, Object> fields() {
      return fields;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return fields.entrySet();
    }

    @Override
    public int size() {
      return fields.size();
    }

    @Override
    public @Nullable Object get(Object key) {
      return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return fields.containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      fields.forEach(action);
    }
  }

  /** A JSON array over an array nobody else references. */
  static final class FrozenArray extends AbstractList<Object> implements RandomAccess {
    private final @Nullable Object[] items;
    final int height;

    FrozenArray(@Nullable Object[] items, int height) {
      this.items = items;
      this.height = height;
    }

    @Override
    public @Nullable Object get(int index) {
      return items[index];
    }

    @Override
    public int size() {
      return items.length;
    }
  }
}
