package dev.magnus.rollback.store.memory;

import dev.magnus.rollback.spi.CheckpointStore;

/** Create in-memory checkpoint stores. Thread-safe (stateless). */
public final class InMemoryStores {
  /** The default bound: 256 MiB of payload. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  private InMemoryStores() {}

  /**
   * Create a store bounded at {@link #DEFAULT_MAX_BYTES}.
   *
   * @return a new empty store
   */
  public static CheckpointStore create() {
    return create(DEFAULT_MAX_BYTES);
  }

  /**
   * Create a store with a payload bound.
   *
   * @param maxMemoryBytes appends that would hold more payload bytes than this fail
   * @return a new empty store
   * @throws IllegalArgumentException if the bound is below 1
   */
  public static CheckpointStore create(long maxMemoryBytes) {
    if (maxMemoryBytes < 1) {
      throw new IllegalArgumentException("storage.maxMemoryBytes must be >= 1, was " + maxMemoryBytes);
    }
    return new InMemoryCheckpointStore(maxMemoryBytes);
  }
}
