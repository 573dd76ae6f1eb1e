package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.Optional;

/** Run the whole store contract against the correct reference store: everything that applies passes. */
class ReferenceStoreContractTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore createStore(Path dir) {
    return new ReferenceStore(Long.MAX_VALUE - 1);
  }

  @Override
  protected Optional<CheckpointStore> createBoundedStore(Path dir, long maxBytes) {
    return Optional.of(new ReferenceStore(maxBytes));
  }
}
