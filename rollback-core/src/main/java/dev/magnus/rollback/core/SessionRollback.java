package dev.magnus.rollback.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StateValidator;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;
import dev.magnus.rollback.core.internal.JacksonStateMapper;
import dev.magnus.rollback.core.internal.Providers;
import dev.magnus.rollback.spi.AuditSink;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.EnginePlugin;
import dev.magnus.rollback.spi.KeyProvider;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import dev.magnus.rollback.StateMapper;
import dev.magnus.rollback.spi.StateUpcaster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Build a {@link SessionRollbackEngine}: the one entry point of rollback-core.
 *
 * <pre>{@code
 * SessionRollbackEngine engine = SessionRollback.builder()
 *     .config(RollbackConfig.ofDefaults())   // storage.type selects the store by name
 *     .build();
 * Session session = engine.initialize("session-001", metadata, Map.of("step", 0L));
 * }</pre>
 *
 * <p>The store named by {@code storage.type}, every recovery strategy and the engine named
 * {@code default} are found through {@link java.util.ServiceLoader}; a store or strategy given to
 * the builder takes precedence over a discovered one. With {@code storage.spillover} on, the engine
 * runs on a tiered store: {@code storage.type} holds recent checkpoints up to
 * {@code storage.maxMemoryBytes}, the oldest move to {@code storage.spilloverType}. Thread-safety: a builder is not thread-safe;
 * the engine it builds is.
 */
public final class SessionRollback {
  private SessionRollback() {}

  /**
   * Build an engine from a configuration file, with {@code rollback.*} system properties applied
   * over it; the store, the strategies and the engine are found by name through ServiceLoader.
   *
   * @param file the YAML file, for example {@code config/session-rollback-config.yaml}
   * @return a new engine
   * @throws dev.magnus.rollback.ConfigInvalidException listing every problem of the file
   * @throws dev.magnus.rollback.ProviderNotFoundException if a store or strategy name is not found
   */
  public static SessionRollbackEngine fromConfig(Path file) {
    return builder().config(RollbackConfigLoader.read(file, System.getProperties())).build();
  }

  /**
   * Build an engine from the configuration found the standard way: the file named by the system
   * property {@code rollback.config}; else {@code session-rollback-config.yaml} at the root of the
   * thread's context class path; else the defaults. {@code rollback.*} system properties apply in
   * every case.
   *
   * @return a new engine
   * @throws dev.magnus.rollback.ConfigInvalidException listing every problem of the configuration
   * @throws dev.magnus.rollback.ProviderNotFoundException if a store or strategy name is not found
   */
  public static SessionRollbackEngine fromConfig() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ClassLoader search = loader != null ? loader : SessionRollback.class.getClassLoader();
    return builder().classLoader(search).config(RollbackConfigLoader.find(search, System.getProperties())).build();
  }

  /**
   * Create the default engine from the context an engine provider receives (for providers that decorate or
   * select it), with the process environment's key variables and the key providers ServiceLoader finds.
   *
   * @param context the engine's configuration, store, strategies and collaborators
   * @return the engine; closing it closes the context's store
   */
  public static SessionRollbackEngine defaultEngine(EngineContext context) {
    return DefaultSessionRollbackEngine.start(Objects.requireNonNull(context, "context"), System.getenv(),
        KeyProviders.discovered());
  }

  /**
   * Open the checkpoint store that provider {@code name} offers (the value {@code storage.type} would
   * name), found by {@link java.util.ServiceLoader} on {@code loader}, with the given storage settings:
   * what tools need to read or repair a store without an engine.
   *
   * @param name the provider name, for example {@code file}
   * @param storage the storage settings (its options for that provider are used)
   * @param loader where to look for providers
   * @return the open store; the caller closes it
   * @throws dev.magnus.rollback.ProviderNotFoundException naming the providers found and the module to add
   * @throws dev.magnus.rollback.ConfigInvalidException if the provider rejects the settings
   */
  public static CheckpointStore openStore(String name, StorageConfig storage, ClassLoader loader) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(loader, "loader");
    return Providers.store(name, loader).create(storage);
  }

  /**
   * Start a builder with the default configuration.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collect what an engine runs with. Not thread-safe. */
  public static final class Builder {
    RollbackConfigLoader.Loaded config = RollbackConfigLoader.Loaded.inCode(RollbackConfig.ofDefaults());
    @Nullable CheckpointStore store;
    final Map<String, RecoveryStrategy> strategies = new LinkedHashMap<>();
    final Map<String, CheckpointStoreProvider> storeProviders = new LinkedHashMap<>();
    final Map<String, RecoveryStrategyProvider> strategyProviders = new LinkedHashMap<>();
    StateValidator validator = StateValidator.ACCEPT_ALL;
    final List<SessionObserver> observers = new ArrayList<>();
    final List<AuditSink> auditSinks = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    @Nullable ScheduledExecutorService scheduler;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    String engine = DefaultEngineProvider.NAME;
    @Nullable Map<String, String> environment;
    @Nullable StateMapper stateMapper;
    final List<StateUpcaster> upcasters = new ArrayList<>();
    final List<EnginePlugin> plugins = new ArrayList<>();
    final List<KeyProvider> keyProviders = new ArrayList<>();

    private Builder() {}

    /**
     * Use a configuration.
     *
     * @param value the configuration
     * @return this
     */
    public Builder config(RollbackConfig value) {
      config = RollbackConfigLoader.Loaded.inCode(Objects.requireNonNull(value, "config"));
      return this;
    }

    /**
     * Use a configuration loaded from a file, so that start-up problems name the key's line and column.
     *
     * @param value the loaded configuration, from {@link RollbackConfigLoader#read} or {@link RollbackConfigLoader#find}
     * @return this
     */
    public Builder config(RollbackConfigLoader.Loaded value) {
      config = Objects.requireNonNull(value, "config");
      return this;
    }

    /**
     * Use this store instead of the one {@code storage.type} names; the engine closes it.
     *
     * @param value the store
     * @return this
     */
    public Builder store(CheckpointStore value) {
      store = Objects.requireNonNull(value, "store");
      return this;
    }

    /**
     * Register a strategy under its own name, overriding a discovered one of the same name.
     *
     * @param value the strategy
     * @return this
     */
    public Builder strategy(RecoveryStrategy value) {
      Objects.requireNonNull(value, "strategy");
      strategies.put(value.name(), value);
      return this;
    }

    /**
     * Add a store provider that overrides a discovered one of the same name (rollback-cdi
     * passes the providers it finds as beans here).
     *
     * @param value the provider
     * @return this
     */
    public Builder storeProvider(CheckpointStoreProvider value) {
      Objects.requireNonNull(value, "storeProvider");
      storeProviders.put(value.name(), value);
      return this;
    }

    /**
     * Add a strategy provider that overrides a discovered one of the same name; a strategy given to
     * {@link #strategy} still wins over both.
     *
     * @param value the provider
     * @return this
     */
    public Builder strategyProvider(RecoveryStrategyProvider value) {
      Objects.requireNonNull(value, "strategyProvider");
      strategyProviders.put(value.name(), value);
      return this;
    }

    /**
     * Validate states before recovery restores them.
     *
     * @param value the validator
     * @return this
     */
    public Builder validator(StateValidator value) {
      validator = Objects.requireNonNull(value, "validator");
      return this;
    }

    /**
     * Register an observer from the start.
     *
     * @param value the observer
     * @return this
     */
    public Builder observer(SessionObserver value) {
      observers.add(Objects.requireNonNull(value, "observer"));
      return this;
    }

    /**
     * Add a plugin: it wraps the store the engine runs on and sees the engine once built (metrics, for
     * example). Plugins run in the order given.
     *
     * @param value the plugin
     * @return this
     */
    public Builder plugin(EnginePlugin value) {
      plugins.add(Objects.requireNonNull(value, "plugin"));
      return this;
    }

    /**
     * Copy every audit entry to a sink.
     *
     * @param value the sink
     * @return this
     */
    public Builder auditSink(AuditSink value) {
      auditSinks.add(Objects.requireNonNull(value, "auditSink"));
      return this;
    }

    /**
     * Use a clock for timestamps, intervals and retention (tests pass a fixed or stepping clock).
     *
     * @param value the clock
     * @return this
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Use a scheduler for asynchronous and periodic checkpoints, retries and time limits. The engine
     * does not shut a given scheduler down; without one it creates two daemon threads and stops them
     * on close.
     *
     * @param value the scheduler
     * @return this
     */
    public Builder scheduler(ScheduledExecutorService value) {
      scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * Search providers with this class loader (default: the thread's context class loader).
     *
     * @param value the loader
     * @return this
     */
    public Builder classLoader(ClassLoader value) {
      loader = Objects.requireNonNull(value, "classLoader");
      return this;
    }

    /**
     * Choose the engine provider by name (default {@code default}).
     *
     * @param name the provider name
     * @return this
     */
    public Builder engine(String name) {
      engine = Objects.requireNonNull(name, "engine");
      return this;
    }

    /**
     * Ask this provider for encryption keys, before those ServiceLoader finds and the variables {@code keys} names.
     *
     * @param value the provider
     * @return this
     */
    public Builder keyProvider(KeyProvider value) {
      keyProviders.add(Objects.requireNonNull(value, "keyProvider"));
      return this;
    }

    /**
     * Read the HMAC and encryption key variables from this map instead of the process environment (for tests).
     *
     * @param values environment variables
     * @return this
     */
    public Builder environment(Map<String, String> values) {
      environment = Map.copyOf(Objects.requireNonNull(values, "environment"));
      return this;
    }

    /**
     * Convert typed state ({@code session.state(MyState.class)}, {@code state.get(key, Route.class)} on
     * this engine's sessions) with an application's ObjectMapper instead of the default one
     * ({@link JacksonStateMapper#defaultObjectMapper()}); the state is stored as the same JSON either way.
     *
     * @param value the mapper; a copy is kept
     * @return this
     * @throws IllegalArgumentException if the mapper has default typing on (it would read class names from stored data)
     */
    public Builder objectMapper(ObjectMapper value) {
      stateMapper = new JacksonStateMapper(value);
      return this;
    }

    /**
     * Add a step that migrates state from one schema version to the next (see {@link StateUpcaster});
     * steps registered with ServiceLoader are used too.
     *
     * @param value the step
     * @return this
     */
    public Builder upcaster(StateUpcaster value) {
      upcasters.add(Objects.requireNonNull(value, "upcaster"));
      return this;
    }

    /**
     * Run every start-up check {@link #build()} runs, without creating anything: each provider name
     * ({@code storage.type}, {@code storage.spilloverType} with spillover, {@code recovery.strategy},
     * every {@code recovery.byFailureType} value, the engine) is found on the class loader or among what
     * was given to this builder, the HMAC key variable is set, and the stores differ. An unset
     * {@code storage.type} ({@link StorageConfig#AUTO}) is the only store on the class path, or
     * {@code file} among several.
     *
     * @return every problem, one line each ({@code key.path (line L, col C): what and the fix}); empty when
     *     {@link #build()} would start
     */
    public List<String> problems() {
      return check().problems();
    }

    /**
     * Return the configuration {@link #build()} would start with: this builder's, with an unset
     * {@code storage.type} resolved to the store it picks.
     *
     * @return the configuration
     * @throws ConfigInvalidException listing every problem {@link #problems()} finds
     */
    public RollbackConfig checkedConfig() {
      return StartupCheck.passing(check(), config.source()).config();
    }

    StartupCheck.Result check() {
      return StartupCheck.run(config, new StartupCheck.Offer(store != null, storeProviders.keySet(), strategies.keySet(),
          strategyProviders.keySet(), engine, loader, environment != null ? environment : System.getenv(),
          EngineParts.upcasters(upcasters, loader), KeyProviders.any(keyProviders, loader)));
    }

    /**
     * Build the engine.
     *
     * @return a new engine
     * @throws dev.magnus.rollback.ProviderNotFoundException listing every provider name that was not found,
     *     when that is all that is wrong
     * @throws dev.magnus.rollback.ConfigInvalidException listing every problem {@link #problems()} finds
     */
    public SessionRollbackEngine build() {
      return EngineParts.assemble(this, StartupCheck.passing(check(), config.source()).config());
    }
  }
}
