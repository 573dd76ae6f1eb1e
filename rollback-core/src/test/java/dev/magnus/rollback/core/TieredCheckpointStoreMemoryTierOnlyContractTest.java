package dev.magnus.rollback.core;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import java.nio.file.Path;

/**
 * Run the TCK's whole store contract against the tiered store with an in-memory store as each tier,
 * the memory tier alone: a bound no case reaches, so nothing ever spills. The tiered store declares no
 * capability (see its {@code capabilities()}), so the DURABLE, SHARED, TOMBSTONES and BOUNDED_MEMORY
 * groups are skipped.
 */
class TieredCheckpointStoreMemoryTierOnlyContractTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore createStore(Path dir) {
    return new TieredCheckpointStore(InMemoryStores.create(Long.MAX_VALUE), InMemoryStores.create(Long.MAX_VALUE),
        Long.MAX_VALUE);
  }
}
