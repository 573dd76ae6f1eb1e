package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Run the TCK's whole store contract against the tiered store with an in-memory store as each tier,
 * mixed: a bound of {@value #BUDGET} bytes keeps two of the contract's 8-byte records (five 4-byte,
 * one 16-byte) in memory and spills the others, so most cases span both tiers; records larger than
 * the bound spill as soon as they are appended.
 */
class TieredCheckpointStoreMixedContractTest extends CheckpointStoreContract {
  /** The memory tier's bound in payload bytes. */
  static final long BUDGET = 20;

  @Override
  protected CheckpointStore createStore(Path dir) {
    return new TieredCheckpointStore(InMemoryStores.create(Long.MAX_VALUE), InMemoryStores.create(Long.MAX_VALUE),
        BUDGET);
  }

  @Test
  void theBudgetKeepsSomeSmallRecordsInMemoryAndSpillsTheOthers() {
    // given
    CheckpointStore hot = InMemoryStores.create(Long.MAX_VALUE);
    CheckpointStore cold = InMemoryStores.create(Long.MAX_VALUE);
    CheckpointStore store = new TieredCheckpointStore(hot, cold, BUDGET);
    // when five 8-byte records are appended, as many contract cases do
    for (int seq = 1; seq <= 5; seq++) {
      store.append(TckCheckpoints.record("s", seq, 8));
    }
    // then the cases run against both tiers at once
    List<Integer> perTier = List.of(hot.list("s", CheckpointQuery.all()).size(),
        cold.list("s", CheckpointQuery.all()).size());
    assertEquals(List.of(2, 3), perTier,
        "checkpoints in the memory tier and in the durable tier under a " + BUDGET + "-byte bound");
  }
}
