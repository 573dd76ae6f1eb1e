package dev.magnus.rollback;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The attribute map of a {@link SessionState}: the unmodifiable result of
 * {@link JsonValues#copyObject}, whose values are all normalized and deeply unmodifiable.
 *
 * <p>Design: the entries sit in insertion order in chunks of {@value #CHUNK} (a two-level array), and
 * a key index (key to slot) says where each is. Setting an attribute that exists copies the array of
 * chunk references and the one chunk it is in, and shares the index and every other chunk with the
 * state it came from: a one-attribute update allocates one entry and two small arrays, whatever the
 * size of the state and of its values, instead of a new hash map of every attribute. Adding or
 * removing a key, or setting several at once, copies the top level (entry references, and the index
 * when the keys change); values are always shared.
 *
 * <p>Only {@link JsonValues} creates instances, from a fresh deep copy or from another instance, so
 * an instance is known to be normalized and immutable all the way down; {@link JsonValues#copyObject}
 * returns it as it is instead of copying it again. Every mutator throws
 * {@link UnsupportedOperationException}. Thread-safe (immutable: the arrays are never written after
 * construction and reach other threads through final fields; the index, shared or built on first use
 * since encoding a state only iterates it, is a finished map published through a volatile field, and
 * two threads that race to build it build equal ones).
 */
final class FrozenAttributes extends AbstractMap<String, Object> {
  /** Entries per chunk: a one-attribute update copies a chunk of this many references. */
  static final int CHUNK = 32;
  private static final int SHIFT = 5;
  private volatile @Nullable Map<String, Integer> index; // built on first use: encoding a state only iterates
  private final Entry<String, Object>[][] chunks;
  private final int size;

  private FrozenAttributes(@Nullable Map<String, Integer> index, Entry<String, Object>[][] chunks, int size) {
    this.index = index;
    this.chunks = chunks;
    this.size = size;
  }

  /** Freeze a map that nobody else references; it must hold normalized, unmodifiable values only. */
  static FrozenAttributes of(Map<String, Object> fresh) {
    Entry<String, Object>[] flat = newEntries(fresh.size());
    int i = 0;
    for (Map.Entry<String, Object> e : fresh.entrySet()) {
      flat[i++] = new SimpleImmutableEntry<>(e.getKey(), e.getValue());
    }
    return of(flat, null);
  }

  private static FrozenAttributes of(Entry<String, Object>[] flat, @Nullable Map<String, Integer> sharedIndex) {
    @SuppressWarnings("unchecked")
    Entry<String, Object>[][] chunks = (Entry<String, Object>[][]) new Entry<?, ?>[(flat.length + CHUNK - 1) >>> SHIFT][];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = Arrays.copyOfRange(flat, c << SHIFT, Math.min(flat.length, (c + 1) << SHIFT));
    }
    return new FrozenAttributes(sharedIndex, chunks, flat.length);
  }

  /** Return this map with {@code key} set to a value that is already normalized and frozen. */
  FrozenAttributes with(String key, @Nullable Object frozenValue) {
    Map<String, Integer> index = index();
    Integer slot = index.get(key);
    if (slot == null) {
      return withAll(Collections.singletonMap(key, frozenValue));
    }
    Entry<String, Object>[][] top = chunks.clone(); // same keys in the same order: the index is shared
    Entry<String, Object>[] chunk = top[slot >>> SHIFT].clone();
    chunk[slot & (CHUNK - 1)] = new SimpleImmutableEntry<>(key, frozenValue);
    top[slot >>> SHIFT] = chunk;
    return new FrozenAttributes(index, top, size);
  }

  /** Return this map with several keys set to values that are already normalized and frozen; one copy in all. */
  FrozenAttributes withAll(Map<String, @Nullable Object> frozenValues) {
    Entry<String, Object>[] flat = Arrays.copyOf(flat(), size + frozenValues.size());
    int length = size;
    Map<String, Integer> index = index();
    Map<String, Integer> grown = index;
    for (Map.Entry<String, @Nullable Object> e : frozenValues.entrySet()) {
      Integer slot = grown.get(e.getKey());
      if (slot == null) {
        grown = grown == index ? new HashMap<>(index) : grown;
        slot = length++;
        grown.put(e.getKey(), slot);
      }
      flat[slot] = new SimpleImmutableEntry<>(e.getKey(), e.getValue());
    }
    return of(length == flat.length ? flat : Arrays.copyOf(flat, length), grown);
  }

  /** Return this map without {@code key}. */
  FrozenAttributes without(String key) {
    Integer slot = index().get(key);
    if (slot == null) {
      return this;
    }
    Entry<String, Object>[] all = flat();
    Entry<String, Object>[] next = newEntries(size - 1);
    System.arraycopy(all, 0, next, 0, slot);
    System.arraycopy(all, slot + 1, next, slot, size - slot - 1);
    return of(next, null);
  }

  private Entry<String, Object>[] flat() {
    Entry<String, Object>[] flat = newEntries(size);
    for (int c = 0; c < chunks.length; c++) {
      System.arraycopy(chunks[c], 0, flat, c << SHIFT, chunks[c].length);
    }
    return flat;
  }

  @SuppressWarnings("unchecked")
  private static Entry<String, Object>[] newEntries(int length) {
    return (Entry<String, Object>[]) new Entry<?, ?>[length];
  }

  /** Return the key index, building it once (a race builds equal ones; the field publishes a finished map). */
  private Map<String, Integer> index() {
    Map<String, Integer> built = index;
    if (built == null) {
      built = new HashMap<>(Math.max(4, size * 4 / 3 + 1));
      int slot = 0;
      for (Entry<String, Object>[] chunk : chunks) {
        for (Entry<String, Object> e : chunk) {
          built.put(e.getKey(), slot++);
        }
      }
      index = built;
    }
    return built;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int slot = next++;
            return chunks[slot >>> SHIFT][slot & (CHUNK - 1)];
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public @Nullable Object get(Object key) {
    Integer slot = index().get(key);
    return slot == null ? null : chunks[slot >>> SHIFT][slot & (CHUNK - 1)].getValue();
  }

  @Override
  public boolean containsKey(Object key) {
    return index().containsKey(key);
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (Entry<String, Object>[] chunk : chunks) {
      for (Entry<String, Object> e : chunk) {
        action.accept(e.getKey(), e.getValue());
      }
    }
  }
}
