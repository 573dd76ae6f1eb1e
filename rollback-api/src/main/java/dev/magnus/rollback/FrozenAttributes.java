package dev.magnus.rollback;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The attribute map of a {@link SessionState}: the unmodifiable result of
 * {@link JsonValues#copyObject}, whose values are all normalized and deeply unmodifiable.
 *
 * <p>Only {@link JsonValues} creates instances, from a fresh deep copy, so an instance is known to
 * be normalized and immutable all the way down; {@link JsonValues#copyObject} returns it as it is
 * instead of copying it again (a state's {@code withRevision} used to deep-copy its own attributes).
 * Reads delegate to the wrapped unmodifiable map; every mutator throws
 * {@link UnsupportedOperationException}. Thread-safe (immutable).
 */
final class FrozenAttributes extends AbstractMap<String, Object> {
  private final Map<String, Object> map;

  /** Wrap a map that nobody else references; it must hold normalized, unmodifiable values only. */
  FrozenAttributes(Map<String, Object> fresh) {
    this.map = Collections.unmodifiableMap(fresh);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return map.entrySet();
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public @Nullable Object get(Object key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map.containsKey(key);
  }

  @Override
  public Set<String> keySet() {
    return map.keySet();
  }

  @Override
  public java.util.Collection<Object> values() {
    return map.values();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    map.forEach(action);
  }
}
