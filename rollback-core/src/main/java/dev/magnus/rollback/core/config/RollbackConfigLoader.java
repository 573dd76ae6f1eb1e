package dev.magnus.rollback.core.config;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.RollbackConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Load a {@link RollbackConfig} from {@code session-rollback-config.yaml} and {@code rollback.*}
 * system properties.
 *
 * <pre>{@code
 * RollbackConfig config = RollbackConfigLoader.load(Path.of("config/session-rollback-config.yaml"),
 *     System.getProperties());
 * }</pre>
 *
 * <p>Precedence, highest first: a configuration built in code (never passed through here);
 * system properties {@code rollback.<key.path>} (only with the methods taking {@link Properties});
 * the file; the built-in defaults ({@link RollbackConfig#ofDefaults()}) for every key the file
 * leaves out. The file and the builders give equal objects for equal settings.
 *
 * <p>Loading is safe: SnakeYAML composes plain maps, lists and scalars and never creates an object;
 * tags, merge keys, more than 10 aliases to collections, nesting deeper than 20 and documents above
 * 3 MiB are rejected. An empty document (or comments only) is an error: write {@code {}} for every
 * default. Every problem is reported at once in one {@link ConfigInvalidException}, one line each:
 * {@code checkpoint.maxCheckpoints (line 3, col 19): must be >= 1, was -2}; unknown keys get a
 * "did you mean". Thread-safe (stateless).
 */
public final class RollbackConfigLoader {
  /** The file name looked up on the class path: {@value}. */
  public static final String FILE_NAME = "session-rollback-config.yaml";
  /** The system property that names the configuration file for {@link #locate}: {@value}. */
  public static final String PATH_PROPERTY = SystemPropertyOverrides.PATH_PROPERTY;
  /** The largest configuration file accepted, in bytes (3 MiB). */
  public static final long MAX_FILE_BYTES = YamlTreeReader.MAX_CODE_POINTS;

  private RollbackConfigLoader() {}

  /**
   * Load a file, without system properties.
   *
   * @param file the YAML file
   * @return the configuration
   * @throws ConfigInvalidException listing every problem, or if the file cannot be read
   */
  public static RollbackConfig load(Path file) {
    return load(file, new Properties());
  }

  /**
   * Load a file, then apply {@code rollback.*} system properties over it.
   *
   * @param file the YAML file
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration
   * @throws ConfigInvalidException listing every problem, or if the file cannot be read
   */
  public static RollbackConfig load(Path file, Properties systemProperties) {
    return read(file, systemProperties).config();
  }

  /**
   * Load a file, then apply {@code rollback.*} system properties over it, and keep where each key was
   * set: what {@code SessionRollback.Builder.config(Loaded)} needs to report a start-up problem (an
   * unknown store name, an unset key variable) at its line and column.
   *
   * @param file the YAML file
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration and where its keys were set
   * @throws ConfigInvalidException listing every problem, or if the file cannot be read
   */
  public static Loaded read(Path file, Properties systemProperties) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(systemProperties, "systemProperties");
    String source = file.toString();
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigInvalidException("configuration file " + source + " has " + size + " bytes, more than the "
            + MAX_FILE_BYTES + " allowed: is it the right file?");
      }
      try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
        return read(reader, source, systemProperties);
      }
    } catch (NoSuchFileException e) {
      throw new ConfigInvalidException("configuration file " + source + " does not exist: check the path (relative "
          + "paths start at the working directory), or copy config/" + FILE_NAME + " from the distribution", e);
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigInvalidException("cannot read configuration file " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Load YAML text, without system properties.
   *
   * @param reader the text; not closed
   * @param sourceName names the text in messages, for example the file name
   * @return the configuration
   * @throws ConfigInvalidException listing every problem
   */
  public static RollbackConfig load(Reader reader, String sourceName) {
    return load(reader, sourceName, new Properties());
  }

  /**
   * Load YAML text, then apply {@code rollback.*} system properties over it.
   *
   * @param reader the text; not closed
   * @param sourceName names the text in messages
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration
   * @throws ConfigInvalidException listing every problem
   */
  public static RollbackConfig load(Reader reader, String sourceName, Properties systemProperties) {
    return read(reader, sourceName, systemProperties).config();
  }

  /**
   * Load YAML text, then apply {@code rollback.*} system properties over it, keeping where each key was set.
   *
   * @param reader the text; not closed
   * @param sourceName names the text in messages
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration and where its keys were set
   * @throws ConfigInvalidException listing every problem
   */
  public static Loaded read(Reader reader, String sourceName, Properties systemProperties) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(systemProperties, "systemProperties");
    Problems problems = new Problems();
    ConfigNode tree = YamlTreeReader.read(reader, YamlTreeReader::at, problems);
    if (tree == null && problems.isEmpty()) {
      problems.add(Problems.DOCUMENT, "line 1, col 1", "the file is empty (or holds comments only): write {} to use "
          + "every default, or set the keys you need");
    } else if (tree != null && !(tree instanceof ConfigNode.MapNode)) {
      problems.add(Problems.DOCUMENT, tree.where(), "must be a map of sections (checkpoint, recovery, storage, "
          + "compression, integrity, audit, state), was " + tree.describe());
    }
    return bind(tree instanceof ConfigNode.MapNode map ? map : null, sourceName, systemProperties, problems);
  }

  /**
   * Return the built-in defaults with {@code rollback.*} system properties applied.
   *
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration
   * @throws ConfigInvalidException listing every problem of the properties
   */
  public static RollbackConfig defaults(Properties systemProperties) {
    Objects.requireNonNull(systemProperties, "systemProperties");
    return bind(ConfigNode.MapNode.empty("defaults"), "system properties", systemProperties, new Problems()).config();
  }

  /**
   * Find and load the configuration the standard way, as {@code SessionRollback.fromConfig()} and
   * rollback-cdi's producer do: the file named by the system property {@value #PATH_PROPERTY} if
   * set; else {@value #FILE_NAME} at the root of the class path; else the defaults. System properties {@code rollback.*} apply in every case.
   *
   * @param loader the class loader to search
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration
   * @throws ConfigInvalidException listing every problem
   */
  public static RollbackConfig locate(ClassLoader loader, Properties systemProperties) {
    return find(loader, systemProperties).config();
  }

  /**
   * Find and load the configuration as {@link #locate} does, keeping where each key was set.
   *
   * @param loader the class loader to search
   * @param systemProperties usually {@link System#getProperties()}
   * @return the configuration and where its keys were set
   * @throws ConfigInvalidException listing every problem
   */
  public static Loaded find(ClassLoader loader, Properties systemProperties) {
    Objects.requireNonNull(loader, "loader");
    String path = systemProperties.getProperty(PATH_PROPERTY);
    if (path != null && !path.isBlank()) {
      return read(Path.of(path), systemProperties);
    }
    InputStream resource = loader.getResourceAsStream(FILE_NAME);
    if (resource == null) {
      return bind(ConfigNode.MapNode.empty("defaults"), "system properties", systemProperties, new Problems());
    }
    try (Reader reader = new InputStreamReader(resource, StandardCharsets.UTF_8)) {
      return read(reader, "classpath:" + FILE_NAME, systemProperties);
    } catch (IOException e) {
      throw new ConfigInvalidException("cannot read classpath:" + FILE_NAME + ": " + e.getMessage(), e);
    }
  }

  private static Loaded bind(ConfigNode.@Nullable MapNode tree, String source, Properties properties, Problems problems) {
    ConfigNode.MapNode root = tree != null ? tree : ConfigNode.MapNode.empty("defaults");
    SystemPropertyOverrides.apply(root, properties, problems);
    RollbackConfig config = ConfigBinder.bind(root, problems);
    if (config == null || !problems.isEmpty()) {
      throw problems.exception(source);
    }
    Map<String, String> where = new LinkedHashMap<>();
    collect(root, "", where);
    return new Loaded(config, source, where);
  }

  /** Record where every key below a map was set: its value's location, by dotted key path. */
  private static void collect(ConfigNode.MapNode map, String prefix, Map<String, String> where) {
    map.entries().forEach((key, entry) -> {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      where.put(path, entry.value().where());
      if (entry.value() instanceof ConfigNode.MapNode nested) {
        collect(nested, path, where);
      }
    });
  }

  /**
   * A loaded configuration with where each of its keys was set.
   *
   * @param config the configuration
   * @param source where it was read from: a file, {@code classpath:…} or {@code system properties}
   * @param where by dotted key path ({@code storage.type}), where the key's value was set: a line and
   *     column, or the system property; keys left at their default are absent
   */
  public record Loaded(RollbackConfig config, String source, Map<String, String> where) {
    /** Validate and copy. */
    public Loaded {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(source, "source");
      where = Map.copyOf(where);
    }

    /** The source of a configuration built in code: {@value}. */
    public static final String IN_CODE = "code";

    /**
     * Wrap a configuration built in code, whose keys have no place in a file.
     *
     * @param config the configuration
     * @return it, with source {@value #IN_CODE}
     */
    public static Loaded inCode(RollbackConfig config) {
      return new Loaded(config, IN_CODE, Map.of());
    }

    /**
     * Describe where a key was set, for a problem line.
     *
     * @param keyPath the dotted key path
     * @return "line L, col C" or "system property …"; "set in code" for a configuration built in code;
     *     "not set: the default" when a file left the key out
     */
    public String whereOf(String keyPath) {
      return where.getOrDefault(keyPath, IN_CODE.equals(source) ? "set in code" : "not set: the default");
    }
  }
}
