package dev.magnus.rollback.spi;

import dev.magnus.rollback.StorageConfig;

/**
 * Create a checkpoint store by name; registered in {@code META-INF/services} and selected by
 * {@code storage.type}. Implementations must be stateless and thread-safe.
 */
public interface CheckpointStoreProvider {
  /**
   * Return the name that selects this store, for example {@code memory}.
   *
   * @return the name, unique among store providers
   */
  String name();

  /**
   * Create a store.
   *
   * @param storage the storage section; the store's own options are {@code storage.optionsFor(name())}
   * @return a new open store
   * @throws dev.magnus.rollback.ConfigInvalidException if an option is invalid
   */
  CheckpointStore create(StorageConfig storage);
}
