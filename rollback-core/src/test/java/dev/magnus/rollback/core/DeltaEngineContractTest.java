package dev.magnus.rollback.core;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;

/**
 * Run the whole engine contract against the default engine with delta checkpoints on: every case the
 * contract makes (rollback, recovery, retention, integrity, resume, fork) holds when checkpoints are
 * stored as deltas. Short chains (2) so that every case crosses full snapshots.
 */
class DeltaEngineContractTest extends SessionRollbackEngineContract {
  @Override
  protected SessionRollbackEngine createEngine(EngineContext context) {
    RollbackConfig config = context.config();
    RollbackConfig withDeltas = RollbackConfig.from(config).checkpoint(CheckpointConfig.from(config.checkpoint())
        .delta(new DeltaConfig(true, 2, 0.5)).build()).build();
    return new DefaultEngineProvider().create(new EngineContext(withDeltas, context.store(), context.strategies(),
        context.validator(), context.observers(), context.auditSinks(), context.clock(), context.scheduler()));
  }

  @Override
  protected CheckpointStore createStore() {
    return InMemoryStores.create();
  }
}
