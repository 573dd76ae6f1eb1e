package dev.magnus.rollback.core.config;

import java.io.StringReader;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Apply {@code rollback.<key.path>=<value>} system properties to a configuration tree before it is
 * bound. Each value is composed as one YAML value with the same safe reader as the file (so
 * {@code 20} is an integer, {@code [A,B]} a list) and replaces the node at its path, creating the
 * maps on the way; its location in messages is {@code system property rollback.<key.path>}.
 * {@value #PATH_PROPERTY} is reserved for the file's location and never applied. Properties are
 * applied in key order so messages come out the same every time. Thread-safe (stateless).
 */
final class SystemPropertyOverrides {
  static final String PREFIX = "rollback.";
  static final String PATH_PROPERTY = "rollback.config";

  private SystemPropertyOverrides() {}

  static void apply(ConfigNode.MapNode root, Properties properties, Problems problems) {
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      if (name.startsWith(PREFIX) && !name.equals(PATH_PROPERTY)) {
        applyOne(root, name, properties.getProperty(name), problems);
      }
    }
  }

  private static void applyOne(ConfigNode.MapNode root, String name, String text, Problems problems) {
    String where = "system property " + name;
    String[] keys = name.substring(PREFIX.length()).split("\\.", -1);
    for (String key : keys) {
      if (key.isEmpty()) {
        problems.add(name, where, "is not a key path: write rollback.<section>.<key>, for example "
            + "rollback.checkpoint.maxCheckpoints");
        return;
      }
    }
    ConfigNode value = YamlTreeReader.read(new StringReader(text), mark -> where, problems);
    if (value == null) {
      value = new ConfigNode.Scalar("", ConfigNode.Kind.NULL, where);
    }
    ConfigNode.MapNode map = root;
    String path = "";
    for (int i = 0; i < keys.length - 1; i++) {
      path = YamlTreeReader.join(path, keys[i]);
      ConfigNode.Entry entry = map.entries().get(keys[i]);
      if (entry == null || isNull(entry.value())) {
        ConfigNode.MapNode created = ConfigNode.MapNode.empty(where);
        map.entries().put(keys[i], new ConfigNode.Entry(where, created));
        map = created;
      } else if (entry.value() instanceof ConfigNode.MapNode next) {
        map = next;
      } else {
        problems.add(path, entry.value().where(), "cannot take the " + where + ": it must be a map of keys, was "
            + entry.value().describe());
        return;
      }
    }
    map.entries().put(keys[keys.length - 1], new ConfigNode.Entry(where, value));
  }

  private static boolean isNull(ConfigNode node) {
    return node instanceof ConfigNode.Scalar s && s.kind() == ConfigNode.Kind.NULL;
  }
}
