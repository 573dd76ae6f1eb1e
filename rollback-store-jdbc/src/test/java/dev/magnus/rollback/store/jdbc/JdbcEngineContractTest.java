package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * Run the TCK engine contract (cleanup, queries, fork and the rest) with the default engine over
 * PostgreSQL, one fresh schema per test, dropped afterwards.
 */
class JdbcEngineContractTest extends SessionRollbackEngineContract {
  private final List<String> schemas = new CopyOnWriteArrayList<>();

  @Override
  protected SessionRollbackEngine createEngine(EngineContext context) {
    return SessionRollback.defaultEngine(context);
  }

  @Override
  protected CheckpointStore createStore() {
    TestDatabase.requireServer();
    String schema = TestDatabase.freshSchema("engine");
    schemas.add(schema);
    return TestDatabase.open(schema);
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(TestDatabase::dropSchema);
  }
}
