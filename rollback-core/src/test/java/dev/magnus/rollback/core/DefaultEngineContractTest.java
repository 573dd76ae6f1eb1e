package dev.magnus.rollback.core;

import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;

/** Run the TCK's engine contract against the default engine, as its provider creates it. */
class DefaultEngineContractTest extends SessionRollbackEngineContract {
  @Override
  protected SessionRollbackEngine createEngine(EngineContext context) {
    return new DefaultEngineProvider().create(context);
  }

  @Override
  protected CheckpointStore createStore() {
    return InMemoryStores.create();
  }
}
