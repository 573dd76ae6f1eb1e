package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;

/**
 * Run the whole TCK store contract against PostgreSQL. Each test's directory maps to its own schema,
 * so reopening (Durability, Tombstones) and a second instance (Shared) reach the same tables through
 * a new connection pool, while other tests never see them. The schema is dropped after the test. The
 * crash case's child JVM finds the schema through {@link SchemaFileStoreFactory}.
 */
class JdbcCheckpointStoreContractTest extends CheckpointStoreContract {
  private final Map<Path, String> schemas = new ConcurrentHashMap<>();

  @Override
  protected CheckpointStore createStore(Path dir) {
    String schema = TestDatabase.freshSchema("tck");
    schemas.put(dir, schema);
    SchemaFileStoreFactory.name(dir, schema);
    return TestDatabase.open(schema);
  }

  @Override
  protected CheckpointStore reopenStore(Path dir) {
    return TestDatabase.open(schemas.get(dir));
  }

  @Override
  protected Optional<String> storeFactoryClass() {
    return Optional.of(SchemaFileStoreFactory.class.getName());
  }

  @AfterEach
  void dropSchemas() {
    schemas.values().forEach(TestDatabase::dropSchema);
  }
}
