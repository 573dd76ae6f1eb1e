package dev.magnus.rollback.core.config;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A configuration value as the loader sees it: a map, a list or a scalar, each with where it came
 * from ({@code line 3, col 19} or {@code system property rollback.x}).
 *
 * <p>The loader copies SnakeYAML's node tree into these types so that values from the file and from
 * system properties are handled alike, and so that binding never touches SnakeYAML. Maps keep their
 * keys in file order; {@link MapNode#entries} is mutable only while overrides are applied.
 */
sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.Scalar {
  /** Where the value starts. @return a human-readable location */
  String where();

  /** Describe the value for a "was ..." clause. @return the description */
  String describe();

  /** What a scalar was resolved to by YAML's rules. */
  enum Kind {
    STRING("a string"), INTEGER("an integer"), FLOAT("a number"), BOOLEAN("a boolean"), NULL("no value"),
    TIMESTAMP("a date"),
    /** Stands for a value already reported as a problem (a rejected tag, a recursive alias); reads skip it. */
    INVALID("an invalid value");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /** A key's location and its value. @param keyWhere where the key is @param value the value */
  record Entry(String keyWhere, ConfigNode value) {}

  /** A map with string keys. @param entries by key, in file order @param where its location */
  record MapNode(LinkedHashMap<String, Entry> entries, String where) implements ConfigNode {
    static MapNode empty(String where) {
      return new MapNode(new LinkedHashMap<>(), where);
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A list. @param items the items @param where its location */
  record ListNode(List<ConfigNode> items, String where) implements ConfigNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar. @param text its text @param kind its resolved kind @param where its location */
  record Scalar(String text, Kind kind, String where) implements ConfigNode {
    @Override
    public String describe() {
      if (kind == Kind.NULL) {
        return "null (no value)";
      }
      String shown = kind == Kind.STRING ? "'" + text + "'" : text;
      return shown + " (" + kind.noun + ")";
    }
  }
}
