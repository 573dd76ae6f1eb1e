package dev.magnus.rollback.cli;

import dev.magnus.rollback.SessionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * A session state as a JSON tree (what `show` prints) and the differences between two such trees
 * (what `diff` prints): one Change per leaf that differs, named by its JSONPath ($.attributes.plan.step,
 * $.attributes['odd key'], $.metadata.tags[1]). Objects are compared key by key (sorted), arrays index
 * by index; a value that changes kind (a number becomes an object) is one change at its path. Numbers
 * compare by value, so 2 and 2.0 are equal. Immutable; stateless functions.
 */
record StateDiff(List<Change> changes) {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

  /** What happened at a path: added (no old value), removed (no new value) or changed. */
  enum Kind {
    ADDED, REMOVED, CHANGED
  }

  /** One difference; {@code before} is absent for ADDED, {@code after} for REMOVED. */
  record Change(String path, Kind kind, @Nullable Object before, @Nullable Object after) {
    /** Render it for a person: {@code $.a.b: 2 -> 3}, {@code + $.a.c: "x"}, {@code - $.a.d: true}. */
    String line() {
      return switch (kind) {
        case CHANGED -> "  " + path + ": " + Json.compact(before) + " -> " + Json.compact(after);
        case ADDED -> "+ " + path + ": " + Json.compact(after);
        case REMOVED -> "- " + path + ": " + Json.compact(before);
      };
    }

    /** Return it as a JSON object: path, change, and old and new where they exist. */
    Map<String, @Nullable Object> json() {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("path", path);
      m.put("change", kind.name().toLowerCase(java.util.Locale.ROOT));
      if (kind != Kind.ADDED) {
        m.put("old", before);
      }
      if (kind != Kind.REMOVED) {
        m.put("new", after);
      }
      return m;
    }
  }

  StateDiff {
    changes = List.copyOf(changes);
  }

  /** Return a state as the JSON tree `show` prints: session id, revision, metadata, then the attributes (sorted). */
  static Map<String, Object> tree(SessionState state) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("userId", state.metadata().userId());
    metadata.put("environment", state.metadata().environment());
    metadata.put("version", state.metadata().version());
    metadata.put("tags", state.metadata().tags());
    metadata.put("createdAt", state.metadata().createdAt().toString());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("sessionId", state.sessionId());
    tree.put("revision", state.revision());
    tree.put("metadata", metadata);
    tree.put("attributes", new TreeMap<>(state.attributes()));
    return tree;
  }

  /** Compare two states' trees. */
  static StateDiff between(SessionState before, SessionState after) {
    List<Change> changes = new ArrayList<>();
    compare("$", tree(before), tree(after), changes);
    return new StateDiff(changes);
  }

  private static void compare(String path, @Nullable Object a, @Nullable Object b, List<Change> out) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      TreeSet<String> keys = new TreeSet<>();
      ma.keySet().forEach(k -> keys.add(String.valueOf(k)));
      mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
      for (String key : keys) {
        String at = path + member(key);
        if (!ma.containsKey(key)) {
          out.add(new Change(at, Kind.ADDED, null, mb.get(key)));
        } else if (!mb.containsKey(key)) {
          out.add(new Change(at, Kind.REMOVED, ma.get(key), null));
        } else {
          compare(at, ma.get(key), mb.get(key), out);
        }
      }
    } else if (a instanceof List<?> la && b instanceof List<?> lb) {
      for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
        String at = path + "[" + i + "]";
        if (i >= la.size()) {
          out.add(new Change(at, Kind.ADDED, null, lb.get(i)));
        } else if (i >= lb.size()) {
          out.add(new Change(at, Kind.REMOVED, la.get(i), null));
        } else {
          compare(at, la.get(i), lb.get(i), out);
        }
      }
    } else if (!same(a, b)) {
      out.add(new Change(path, Kind.CHANGED, a, b));
    }
  }

  private static boolean same(@Nullable Object a, @Nullable Object b) {
    if (a instanceof Number na && b instanceof Number nb) {
      try {
        return new java.math.BigDecimal(na.toString()).compareTo(new java.math.BigDecimal(nb.toString())) == 0;
      } catch (NumberFormatException notFinite) {
        return na.toString().equals(nb.toString());
      }
    }
    return Objects.equals(a, b);
  }

  /** Return the JSONPath step to a member: {@code .name}, or {@code ['odd key']} with quotes escaped. */
  static String member(String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return "." + key;
    }
    return "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
