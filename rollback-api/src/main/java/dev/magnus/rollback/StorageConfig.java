package dev.magnus.rollback;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Choose and configure the checkpoint store. Immutable.
 *
 * @param type the store provider's name, for example {@code memory} or {@code file}; {@value #AUTO} (the
 *     default) lets the engine builder pick the only store on the class path, or {@code file} among several
 * @param maxMemoryBytes bound on the payload bytes an in-memory store holds
 * @param spillover move the oldest checkpoints to a durable store instead of failing when the bound is hit
 * @param spilloverType the durable store's provider name, used when {@code spillover} is on
 * @param options per-store options, keyed by store name, for example {@code file -> {directory: data}}
 */
public record StorageConfig(String type, long maxMemoryBytes, boolean spillover, String spilloverType,
    Map<String, Map<String, Object>> options) {
  /**
   * The default {@code type}: not chosen. The engine builder resolves it to the only store provider on
   * the class path, or to {@code file} when there are several: {@value}.
   */
  public static final String AUTO = "auto";
  private static final StorageConfig DEFAULTS = custom().build();

  /** Validate and copy. */
  public StorageConfig {
    Checks.notBlank("storage.type", type);
    Checks.notBlank("storage.spilloverType", spilloverType);
    Checks.atLeast("storage.maxMemoryBytes", maxMemoryBytes, 1);
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(options, "options").forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    options = Map.copyOf(copy);
  }

  /**
   * Create a configuration without a spillover store name (kept for source compatibility with 0.1
   * code written before {@code spilloverType}); the spillover store is {@code file}.
   *
   * @param type the store provider's name
   * @param maxMemoryBytes bound on in-memory payload bytes
   * @param spillover move the oldest checkpoints to the {@code file} store when the bound is hit
   * @param options per-store options
   */
  public StorageConfig(String type, long maxMemoryBytes, boolean spillover, Map<String, Map<String, Object>> options) {
    this(type, maxMemoryBytes, spillover, Builder.DEFAULT_SPILLOVER_TYPE, options);
  }

  /**
   * Return the defaults: store {@value #AUTO} (the only store on the class path, or the durable
   * {@code file} store among several), a 256 MiB bound for in-memory stores, no spillover (spillover
   * store {@code file}), no options.
   *
   * @return the defaults
   */
  public static StorageConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Start a builder from the defaults.
   *
   * @return the builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Start a builder from another configuration.
   *
   * @param base the starting point
   * @return the builder
   */
  public static Builder from(StorageConfig base) {
    Builder b = new Builder();
    b.type = base.type;
    b.maxMemoryBytes = base.maxMemoryBytes;
    b.spillover = base.spillover;
    b.spilloverType = base.spilloverType;
    b.options.putAll(base.options);
    return b;
  }

  /**
   * Return the options of one store.
   *
   * @param storeName the store's provider name
   * @return its options, empty if none are set
   */
  public Map<String, Object> optionsFor(String storeName) {
    return options.getOrDefault(storeName, Map.of());
  }

  /** Build a {@link StorageConfig}. Not thread-safe. */
  public static final class Builder {
    private static final String DEFAULT_SPILLOVER_TYPE = "file";
    private String type = AUTO;
    private long maxMemoryBytes = 256L * 1024 * 1024;
    private boolean spillover;
    private String spilloverType = DEFAULT_SPILLOVER_TYPE;
    private final Map<String, Map<String, Object>> options = new LinkedHashMap<>();

    private Builder() {}

    /** Choose the store. @param name the provider name @return this */
    public Builder type(String name) {
      type = Checks.notBlank("storage.type", name);
      return this;
    }

    /** Bound in-memory payload bytes. @param value at least 1 @return this */
    public Builder maxMemoryBytes(long value) {
      maxMemoryBytes = Checks.atLeast("storage.maxMemoryBytes", value, 1);
      return this;
    }

    /** Turn spillover on or off. @param value the switch @return this */
    public Builder spillover(boolean value) {
      spillover = value;
      return this;
    }

    /** Choose the durable store that receives spilled checkpoints. @param name a provider name @return this */
    public Builder spilloverType(String name) {
      spilloverType = Checks.notBlank("storage.spilloverType", name);
      return this;
    }

    /** Set one store's options. @param storeName the provider name @param values its options @return this */
    public Builder options(String storeName, Map<String, Object> values) {
      options.put(Checks.notBlank("storage.options key", storeName), Map.copyOf(values));
      return this;
    }

    /** @return the configuration */
    public StorageConfig build() {
      return new StorageConfig(type, maxMemoryBytes, spillover, spilloverType, options);
    }
  }
}
