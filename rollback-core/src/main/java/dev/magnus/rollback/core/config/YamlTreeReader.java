package dev.magnus.rollback.core.config;

import java.io.Reader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.jspecify.annotations.Nullable;

/**
 * Read YAML text into a {@link ConfigNode} tree, safely.
 *
 * <p>SnakeYAML only <em>composes</em> here: it parses into its node tree with resolved tags and
 * marks, and never constructs an object, so no class named in a document is ever loaded. Limits are
 * set on {@link LoaderOptions}: {@link #MAX_CODE_POINTS} per document (checked while reading, so a
 * huge document is rejected without being read in full), {@link #MAX_COLLECTION_ALIASES} aliases to
 * maps or lists (a "billion laughs" document fails before it expands), nesting depth
 * {@link #MAX_DEPTH}. On top of SnakeYAML this class rejects every tag outside YAML's core schema
 * (such as {@code !!javax.script.ScriptEngineManager}), merge keys, non-scalar keys, duplicate keys
 * and recursive aliases, each as a problem with its line and column. Thread-safe (stateless).
 */
final class YamlTreeReader {
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
  static final int MAX_COLLECTION_ALIASES = 10;
  static final int MAX_DEPTH = 20;
  private static final Map<Tag, ConfigNode.Kind> SCALAR_KINDS = Map.of(Tag.STR, ConfigNode.Kind.STRING,
      Tag.INT, ConfigNode.Kind.INTEGER, Tag.FLOAT, ConfigNode.Kind.FLOAT, Tag.BOOL, ConfigNode.Kind.BOOLEAN,
      Tag.NULL, ConfigNode.Kind.NULL, Tag.TIMESTAMP, ConfigNode.Kind.TIMESTAMP);

  private YamlTreeReader() {}

  /** Where a mark points, 1-based. */
  static String at(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", col " + (mark.getColumn() + 1);
  }

  /**
   * Compose one document.
   *
   * @param reader the text
   * @param where turns a SnakeYAML mark into a location (line:column, or a fixed label)
   * @param problems receives every problem
   * @return the tree; null if the document is empty or could not be read (then a problem was added,
   *     except for an empty document, which the caller decides about)
   */
  static @Nullable ConfigNode read(Reader reader, Function<Mark, String> where, Problems problems) {
    Node root;
    try {
      root = new Composer(new ParserImpl(new StreamReader(reader), options()), new Resolver(), options()).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String context = e.getContext() != null ? e.getContext() + ": " : "";
      problems.add(Problems.DOCUMENT, mark != null ? where.apply(mark) : "unknown position",
          "not valid YAML: " + context + e.getProblem());
      return null;
    } catch (YAMLException e) {
      problems.add(Problems.DOCUMENT, "whole file", isEncodingError(e) ? "is not valid UTF-8: save it as UTF-8"
          : "rejected: " + e.getMessage());
      return null;
    }
    return root == null ? null : new Converter(where, problems).convert(root, "");
  }

  private static boolean isEncodingError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.charset.CharacterCodingException) {
        return true;
      }
    }
    return false;
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMergeOnCompose(false);
    options.setProcessComments(false);
    // Composition never creates objects; letting every tag through here means the Converter rejects
    // each one itself, with the key path it sits under, instead of one bare syntax error.
    options.setTagInspector(tag -> true);
    return options;
  }

  /** Copy one composed tree; tracks the nodes on the current path to catch recursive aliases. */
  private static final class Converter {
    private final Function<Mark, String> where;
    private final Problems problems;
    private final Set<Node> onPath = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    Converter(Function<Mark, String> where, Problems problems) {
      this.where = where;
      this.problems = problems;
    }

    ConfigNode convert(Node node, String path) {
      String at = where.apply(node.getStartMark());
      if (!onPath.add(node)) {
        problems.add(pathOrDocument(path), at, "an alias refers to a value that contains it (recursive alias)");
        return new ConfigNode.Scalar("", ConfigNode.Kind.INVALID, at);
      }
      try {
        return convertNew(node, path, at);
      } finally {
        onPath.remove(node);
      }
    }

    private ConfigNode convertNew(Node node, String path, String at) {
      if (node instanceof ScalarNode scalar) {
        ConfigNode.Kind kind = SCALAR_KINDS.get(scalar.getTag());
        if (kind == null) {
          return rejectTag(node, path, at);
        }
        return new ConfigNode.Scalar(scalar.getValue(), kind, at);
      }
      if (node instanceof SequenceNode sequence) {
        if (!Tag.SEQ.equals(sequence.getTag())) {
          return rejectTag(node, path, at);
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
          items.add(convert(sequence.getValue().get(i), path + "[" + i + "]"));
        }
        return new ConfigNode.ListNode(List.copyOf(items), at);
      }
      MappingNode mapping = (MappingNode) node;
      if (!Tag.MAP.equals(mapping.getTag())) {
        return rejectTag(node, path, at);
      }
      return convertMap(mapping, path, at);
    }

    private ConfigNode convertMap(MappingNode mapping, String path, String at) {
      LinkedHashMap<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        String keyAt = where.apply(keyNode.getStartMark());
        if (Tag.MERGE.equals(keyNode.getTag())) {
          problems.add(join(path, "<<"), keyAt, "merge keys (<<) are not supported: write the keys out");
          continue;
        }
        if (!(keyNode instanceof ScalarNode key) || key.getTag().equals(Tag.NULL)) {
          problems.add(pathOrDocument(path), keyAt, "keys must be plain names, was " + describeKey(keyNode));
          continue;
        }
        String name = key.getValue();
        ConfigNode.Entry previous = entries.get(name);
        if (previous != null) {
          problems.add(join(path, name), keyAt, "duplicate key '" + name + "' (first at " + previous.keyWhere()
              + "): keep one");
          continue;
        }
        entries.put(name, new ConfigNode.Entry(keyAt, convert(tuple.getValueNode(), join(path, name))));
      }
      return new ConfigNode.MapNode(entries, at);
    }

    private ConfigNode rejectTag(Node node, String path, String at) {
      problems.add(pathOrDocument(path), at, "the tag " + shortTag(node.getTag()) + " is not allowed: a configuration "
          + "holds plain maps, lists, strings, numbers and booleans only (remove the tag)");
      return new ConfigNode.Scalar("", ConfigNode.Kind.INVALID, at);
    }

    private static String describeKey(Node key) {
      return key instanceof ScalarNode ? "null" : key instanceof SequenceNode ? "a list" : "a map";
    }
  }

  static String shortTag(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String pathOrDocument(String path) {
    return path.isEmpty() ? Problems.DOCUMENT : path;
  }
}
