package dev.magnus.rollback.core;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import java.nio.file.Path;

/**
 * Run the TCK's whole store contract against the tiered store with an in-memory store as each tier,
 * everything spilled: under a 1-byte bound every append of more than one byte moves its record to the
 * durable tier before it returns, so conflicts, deletes and queries all cross the tiers.
 */
class TieredCheckpointStoreAllSpilledContractTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore createStore(Path dir) {
    return new TieredCheckpointStore(InMemoryStores.create(Long.MAX_VALUE), InMemoryStores.create(Long.MAX_VALUE),
        1);
  }
}
