package dev.magnus.rollback.core;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.internal.Providers;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** The parts SessionRollback.Builder creates once its start-up checks passed: the store and the scheduler. */
final class EngineParts {
  private EngineParts() {}

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
