package dev.magnus.rollback.core;

import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;
import dev.magnus.rollback.core.internal.Providers;
import dev.magnus.rollback.spi.AuditSink;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.EnginePlugin;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import dev.magnus.rollback.StateMapper;
import dev.magnus.rollback.spi.StateUpcaster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What SessionRollback.Builder creates once its start-up checks passed: the strategies, the store, the
 * scheduler and the engine, closing what it created if a later step fails.
 */
final class EngineParts {
  private EngineParts() {}

  /** Create the engine from a builder whose checks passed, with the checked configuration. */
  static SessionRollbackEngine assemble(SessionRollback.Builder b, RollbackConfig config) {
    Map<String, RecoveryStrategy> all = new LinkedHashMap<>();
    Map<String, RecoveryStrategyProvider> providers = new LinkedHashMap<>(Providers.strategies(b.loader));
    providers.putAll(b.strategyProviders);
    providers.values().forEach(provider -> all.put(provider.name(), provider.create(config.recovery())));
    all.putAll(b.strategies);
    ScheduledExecutorService given = b.scheduler;
    ScheduledExecutorService threads = given == null ? defaultScheduler() : given;
    CheckpointStore store = b.store != null ? b.store : createStore(config.storage(), b.storeProviders, b.loader);
    for (EnginePlugin plugin : b.plugins) {
      store = Objects.requireNonNull(plugin.customizeStore(store), "the store plugin " + plugin.getClass().getName()
          + " returned");
    }
    List<AuditSink> sinks = new ArrayList<>(b.auditSinks);
    config.audit().jsonlFile().ifPresent(file -> sinks.add(AuditFiles.appendTo(Path.of(file))));
    EngineContext context = new EngineContext(config, store, all, b.validator, b.observers, sinks, b.clock, threads);
    try {
      SessionRollbackEngine engine = engine(b, context, given == null ? threads : null);
      try {
        b.plugins.forEach(plugin -> plugin.engineStarted(engine));
      } catch (RuntimeException e) {
        engine.close();
        throw e;
      }
      return engine;
    } catch (RuntimeException e) {
      if (b.store == null) {
        store.close();
      }
      if (given == null) {
        threads.shutdownNow();
      }
      throw e;
    }
  }

  private static SessionRollbackEngine engine(SessionRollback.Builder b, EngineContext context,
      @Nullable ScheduledExecutorService ownThreads) {
    if (!DefaultEngineProvider.NAME.equals(b.engine)) {
      return Providers.engine(b.engine, b.loader).create(context);
    }
    DefaultSessionRollbackEngine engine = DefaultSessionRollbackEngine.start(context,
        b.environment != null ? b.environment : System.getenv(), KeyProviders.of(b.keyProviders, b.loader));
    StateMapper mapper = b.stateMapper;
    if (mapper != null) {
      engine.useStateMapper(mapper);
    }
    engine.useUpcasters(new Upcasters(context.config().state().schemaVersion(), upcasters(b.upcasters, b.loader)));
    if (ownThreads != null) {
      engine.onClose(ownThreads::shutdownNow);
    }
    return engine;
  }

  /** The upcasters given to the builder, then those ServiceLoader finds. */
  static List<StateUpcaster> upcasters(List<StateUpcaster> given, ClassLoader loader) {
    List<StateUpcaster> all = new ArrayList<>(given);
    ServiceLoader.load(StateUpcaster.class, loader).forEach(all::add);
    return all;
  }

  /** Create the configured store; with spillover, a tiered store over it and the spillover store. */
  static CheckpointStore createStore(StorageConfig storage, Map<String, CheckpointStoreProvider> given,
      ClassLoader loader) {
    if (!storage.spillover()) {
      return provider(storage.type(), given, loader).create(storage);
    }
    CheckpointStoreProvider hot = provider(storage.type(), given, loader);
    CheckpointStore durable = provider(storage.spilloverType(), given, loader).create(storage);
    try {
      // The tiered store enforces maxMemoryBytes by spilling; the memory tier itself must not refuse.
      return new TieredCheckpointStore(hot.create(StorageConfig.from(storage).maxMemoryBytes(Long.MAX_VALUE).build()),
          durable, storage.maxMemoryBytes());
    } catch (RuntimeException e) {
      durable.close();
      throw e;
    }
  }

  private static CheckpointStoreProvider provider(String name, Map<String, CheckpointStoreProvider> given,
      ClassLoader loader) {
    CheckpointStoreProvider provider = given.get(name);
    return provider != null ? provider : Providers.store(name, loader);
  }

  /** Two daemon threads for asynchronous and periodic checkpoints, retries and time limits. */
  static ScheduledExecutorService defaultScheduler() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "rollback-scheduler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
