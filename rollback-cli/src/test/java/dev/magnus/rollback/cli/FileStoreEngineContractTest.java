package dev.magnus.rollback.cli;

import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run the TCK engine contract (cleanup, queries, fork and the rest) with the default engine over the
 * durable file store, in a fresh directory per store. Here because this module is the one that has the
 * engine and the file store on its test class path.
 */
class FileStoreEngineContractTest extends SessionRollbackEngineContract {
  @TempDir
  Path dir;

  @Override
  protected SessionRollbackEngine createEngine(EngineContext context) {
    return SessionRollback.defaultEngine(context);
  }

  @Override
  protected CheckpointStore createStore() {
    try {
      return FileStores.open(Files.createTempDirectory(dir, "store"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
