package dev.magnus.rollback.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One map of the configuration with typed reads: each read names a key it knows, converts the value
 * to the expected type (or records a problem naming the expected type and the value) and passes it
 * to a setter, normally an API builder's, whose {@link IllegalArgumentException} becomes a problem at
 * the value's line and column. {@link #finish()} reports every key that no read asked for, with a
 * "did you mean". Not thread-safe: one per section per load.
 */
final class Section {
  private final String path;
  private final ConfigNode.MapNode node;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<Section> children = new ArrayList<>();

  private Section(String path, ConfigNode.MapNode node, Problems problems) {
    this.path = path;
    this.node = node;
    this.problems = problems;
  }

  static Section root(ConfigNode.MapNode node, Problems problems) {
    return new Section("", node, problems);
  }

  String path() {
    return path;
  }

  String where() {
    return node.where();
  }

  /** Return a nested section; a missing or empty ({@code key:} with no value) one reads as empty. */
  Section section(String key) {
    known.add(key);
    String childPath = YamlTreeReader.join(path, key);
    ConfigNode value = value(key);
    ConfigNode.MapNode map = ConfigNode.MapNode.empty(value == null ? node.where() : value.where());
    if (value instanceof ConfigNode.MapNode m) {
      map = m;
    } else if (value != null && !isNull(value) && !isInvalid(value)) {
      problems.add(childPath, value.where(), "must be a map of keys, was " + value.describe());
    }
    Section child = new Section(childPath, map, problems);
    children.add(child);
    return child;
  }

  /** Tell where a key's value is, or where this section is if the key is absent. */
  String whereOf(String key) {
    ConfigNode value = value(key);
    return value == null ? node.where() : value.where();
  }

  void integer(String key, Consumer<Integer> setter) {
    integral(key, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> setter.accept(v.intValue()));
  }

  void longValue(String key, Consumer<Long> setter) {
    integral(key, Long.MIN_VALUE, Long.MAX_VALUE, setter);
  }

  /**
   * Read a whole number of milliseconds of at least {@code min} (the unit of every {@code …Ms} key) and pass
   * it on as a {@link Duration}. The bound is checked here, in the key's unit, so that the problem names
   * the YAML key and the value as written; the builder checks its own bound on the {@code Duration} again.
   */
  void millis(String key, long min, Consumer<Duration> setter) {
    String keyPath = YamlTreeReader.join(path, key);
    longValue(key, ms -> {
      if (ms < min) {
        throw new IllegalArgumentException(keyPath + " must be >= " + min + ", was " + ms);
      }
      setter.accept(Duration.ofMillis(ms));
    });
  }

  /** Read milliseconds of at least {@code min}, or null ({@code key: null}) for "derive it from other keys". */
  void optionalMillis(String key, long min, Consumer<Optional<Duration>> setter) {
    ConfigNode value = value(key);
    if (value != null && isNull(value)) {
      known.add(key);
      setter.accept(Optional.empty());
      return;
    }
    millis(key, min, d -> setter.accept(Optional.of(d)));
  }

  private void integral(String key, long min, long max, Consumer<Long> setter) {
    ConfigNode value = value(key);
    boolean outOfRange = value instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.INTEGER
        && Numbers.integer(s.text(), min, max).isEmpty();
    String expected = outOfRange ? "an integer from " + min + " to " + max : "an integer";
    scalar(key, expected, ConfigNode.Kind.INTEGER, s -> Numbers.integer(s, min, max), setter);
  }

  void number(String key, Consumer<Double> setter) {
    read(key, "a number", v -> v instanceof ConfigNode.Scalar s
        && (s.kind() == ConfigNode.Kind.FLOAT || s.kind() == ConfigNode.Kind.INTEGER)
        ? Numbers.decimal(s.text()) : Optional.empty(), setter);
  }

  void bool(String key, Consumer<Boolean> setter) {
    scalar(key, "a boolean (true or false)", ConfigNode.Kind.BOOLEAN, s -> Optional.of(Numbers.bool(s)), setter);
  }

  void string(String key, Consumer<String> setter) {
    scalar(key, "a string", ConfigNode.Kind.STRING, Optional::of, setter);
  }

  /**
   * Read a string that must be one of a closed set of texts (compared exactly, as written) and pass on
   * the value it stands for; any other string is a problem listing the allowed texts.
   */
  <T> void choice(String key, Map<String, T> allowed, Consumer<T> setter) {
    String keyPath = YamlTreeReader.join(path, key);
    string(key, text -> {
      T value = allowed.get(text);
      if (value == null) {
        throw new IllegalArgumentException(keyPath + " must be " + either(allowed.keySet()) + ", was " + text);
      }
      setter.accept(value);
    });
  }

  /** Return "A", "A or B", or "A, B or C". */
  private static String either(Collection<String> texts) {
    List<String> list = List.copyOf(texts);
    int last = list.size() - 1;
    return last == 0 ? list.get(0) : String.join(", ", list.subList(0, last)) + " or " + list.get(last);
  }

  /** Read a string that may be null ({@code key: null}, {@code key: ~} or {@code key:}). */
  void optionalString(String key, Consumer<Optional<String>> setter) {
    read(key, "a string or null", v -> v instanceof ConfigNode.Scalar s
        ? s.kind() == ConfigNode.Kind.NULL ? Optional.of(Optional.<String>empty())
        : s.kind() == ConfigNode.Kind.STRING ? Optional.of(Optional.of(s.text())) : Optional.empty()
        : Optional.empty(), setter);
  }

  /** Read a list of enum constants; each bad item is its own problem with a "did you mean". */
  <E extends Enum<E>> void enumSet(String key, Class<E> type, String noun, Consumer<Set<E>> setter) {
    known.add(key);
    ConfigNode value = value(key);
    if (value == null || isInvalid(value)) {
      return;
    }
    String keyPath = YamlTreeReader.join(path, key);
    if (!(value instanceof ConfigNode.ListNode list)) {
      problems.add(keyPath, value.where(), "must be a list of " + noun + "s, was " + value.describe());
      return;
    }
    Set<E> result = EnumSet.noneOf(type);
    boolean ok = true;
    for (int i = 0; i < list.items().size(); i++) {
      Optional<E> item = enumItem(keyPath + "[" + i + "]", list.items().get(i), type, noun);
      ok &= item.isPresent();
      if (item.isPresent() && !result.add(item.get())) {
        problems.add(keyPath + "[" + i + "]", list.items().get(i).where(), "lists " + item.get() + " twice: keep one");
        ok = false;
      }
    }
    if (ok) {
      problems.rule(keyPath, value.where(), () -> {
        setter.accept(result);
        return result;
      });
    }
  }

  /** Read a map from enum constants to strings. */
  <E extends Enum<E>> void enumMap(String key, Class<E> type, String noun, BiConsumer<E, String> setter) {
    Section map = section(key);
    for (Map.Entry<String, ConfigNode.Entry> e : map.node.entries().entrySet()) {
      String entryPath = YamlTreeReader.join(map.path, e.getKey());
      Optional<E> constant = constant(type, e.getKey());
      if (constant.isEmpty()) {
        problems.add(entryPath, e.getValue().keyWhere(), "unknown " + noun + " '" + e.getKey() + "'; "
            + Suggestions.hint(e.getKey(), names(type)));
        continue;
      }
      map.string(e.getKey(), v -> setter.accept(constant.get(), v));
    }
    map.known.addAll(map.node.entries().keySet());
  }

  /** Read a map of strings; the whole map goes to the setter, whose refusal is a problem at the map. */
  void stringMap(String key, Consumer<Map<String, String>> setter) {
    Section map = section(key);
    Map<String, String> values = new LinkedHashMap<>();
    for (String k : map.node.entries().keySet()) {
      map.string(k, v -> values.put(k, v));
    }
    map.known.addAll(map.node.entries().keySet());
    if (!map.node.entries().isEmpty()) {
      problems.rule(map.path, map.where(), () -> {
        setter.accept(values);
        return values;
      });
    }
  }

  /** Read a map of maps of plain scalars (store options), converted to String, Long, Double or Boolean. */
  void optionMaps(String key, BiConsumer<String, Map<String, Object>> setter) {
    Section stores = section(key);
    for (String store : stores.node.entries().keySet()) {
      Section options = stores.section(store);
      Map<String, Object> values = new LinkedHashMap<>();
      boolean ok = true;
      for (Map.Entry<String, ConfigNode.Entry> e : options.node.entries().entrySet()) {
        Optional<Object> v = Numbers.plain(e.getValue().value());
        if (isInvalid(e.getValue().value())) {
          ok = false;
        } else if (v.isEmpty()) {
          problems.add(YamlTreeReader.join(options.path, e.getKey()), e.getValue().value().where(),
              "must be a string, number or boolean, was " + e.getValue().value().describe());
          ok = false;
        } else {
          values.put(e.getKey(), v.get());
        }
      }
      options.known.addAll(values.keySet());
      options.known.addAll(options.node.entries().keySet());
      if (ok) {
        problems.rule(options.path, options.where(), () -> {
          setter.accept(store, values);
          return values;
        });
      }
    }
  }

  /** Report unknown keys here and in every nested section read so far. */
  void finish() {
    for (Map.Entry<String, ConfigNode.Entry> e : node.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add(YamlTreeReader.join(path, e.getKey()), e.getValue().keyWhere(), "unknown key '" + e.getKey()
            + "'; " + Suggestions.hint(e.getKey(), known));
      }
    }
    children.forEach(Section::finish);
  }

  private <E extends Enum<E>> Optional<E> enumItem(String itemPath, ConfigNode item, Class<E> type, String noun) {
    if (isInvalid(item)) {
      return Optional.empty();
    }
    if (!(item instanceof ConfigNode.Scalar s) || s.kind() != ConfigNode.Kind.STRING) {
      problems.add(itemPath, item.where(), "must be one of " + String.join(", ", names(type)) + ", was "
          + item.describe());
      return Optional.empty();
    }
    Optional<E> constant = constant(type, s.text());
    if (constant.isEmpty()) {
      problems.add(itemPath, item.where(), "unknown " + noun + " '" + s.text() + "'; " + Suggestions.hint(s.text(), names(type)));
    }
    return constant;
  }

  private static <E extends Enum<E>> Optional<E> constant(Class<E> type, String name) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static <E extends Enum<E>> List<String> names(Class<E> type) {
    return EnumSet.allOf(type).stream().map(Enum::name).toList();
  }

  private <T> void scalar(String key, String expected, ConfigNode.Kind kind,
      java.util.function.Function<String, Optional<T>> convert, Consumer<T> setter) {
    read(key, expected, v -> v instanceof ConfigNode.Scalar s && s.kind() == kind ? convert.apply(s.text())
        : Optional.empty(), setter);
  }

  private <T> void read(String key, String expected, java.util.function.Function<ConfigNode, Optional<T>> convert,
      Consumer<T> setter) {
    known.add(key);
    ConfigNode value = value(key);
    if (value == null || isInvalid(value)) {
      return;
    }
    String keyPath = YamlTreeReader.join(path, key);
    Optional<T> converted = convert.apply(value);
    if (converted.isEmpty()) {
      problems.add(keyPath, value.where(), "must be " + expected + ", was " + value.describe());
      return;
    }
    problems.rule(keyPath, value.where(), () -> {
      setter.accept(converted.get());
      return converted.get();
    });
  }

  private @Nullable ConfigNode value(String key) {
    ConfigNode.Entry entry = node.entries().get(key);
    return entry == null ? null : entry.value();
  }

  private static boolean isInvalid(ConfigNode value) {
    return value instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.INVALID;
  }

  private static boolean isNull(ConfigNode value) {
    return value instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.NULL;
  }
}
