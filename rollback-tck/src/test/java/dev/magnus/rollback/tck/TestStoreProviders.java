package dev.magnus.rollback.tck;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;

/** Store providers registered in the TCK's test resources, for the runner's tests. */
final class TestStoreProviders {
  private TestStoreProviders() {}

  /** Provide the correct reference store as {@code tck-reference}. */
  public static final class Reference implements CheckpointStoreProvider {
    /** Create the provider; called by ServiceLoader. */
    public Reference() {}

    @Override
    public String name() {
      return "tck-reference";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      return new ReferenceStore();
    }
  }

  /** Provide a store that ignores delete as {@code tck-ignores-delete}. */
  public static final class IgnoresDelete implements CheckpointStoreProvider {
    /** Create the provider; called by ServiceLoader. */
    public IgnoresDelete() {}

    @Override
    public String name() {
      return "tck-ignores-delete";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      return new BrokenStores.IgnoresDelete();
    }
  }
}
