package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.DurableStoreFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Open the test server's store whose schema is named in {@code <dir>/jdbc-schema}: lets the TCK's crash
 * test reach from a child JVM (which inherits ROLLBACK_JDBC_* from the environment) the schema that
 * the contract test created for the directory. Public for the child JVM only.
 */
public final class SchemaFileStoreFactory implements DurableStoreFactory {
  static final String FILE = "jdbc-schema";

  /** Create the factory; the child JVM calls this reflectively. */
  public SchemaFileStoreFactory() {}

  @Override
  public CheckpointStore open(Path dir) {
    try {
      return JdbcStores.builder().url(TestDatabase.url()).user(TestDatabase.user()).password(TestDatabase.password())
          .schema(Files.readString(dir.resolve(FILE)).trim()).poolSize(1).open();
    } catch (IOException e) {
      throw new UncheckedIOException("the contract test did not name a schema in " + dir, e);
    }
  }

  static void name(Path dir, String schema) {
    try {
      Files.writeString(dir.resolve(FILE), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
