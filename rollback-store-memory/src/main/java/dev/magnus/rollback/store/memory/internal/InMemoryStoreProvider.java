package dev.magnus.rollback.store.memory.internal;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.spi.CheckpointStoreProvider;

/** Provide the {@code memory} store, bounded by {@code storage.maxMemoryBytes}. Stateless. */
public final class InMemoryStoreProvider implements CheckpointStoreProvider {
  /** The provider name. */
  public static final String NAME = "memory";

  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public InMemoryStoreProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckpointStore create(StorageConfig storage) {
    return InMemoryStores.create(storage.maxMemoryBytes());
  }
}
