package dev.magnus.rollback.store.memory;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import java.nio.file.Path;
import java.util.Optional;

/** Run the TCK's store contract against the in-memory store: everything that applies must pass. */
class InMemoryCheckpointStoreContractTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore createStore(Path dir) {
    return InMemoryStores.create();
  }

  @Override
  protected Optional<CheckpointStore> createBoundedStore(Path dir, long maxBytes) {
    return Optional.of(InMemoryStores.create(maxBytes));
  }
}
