package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;

/**
 * Open a durable store in a directory, from a class name alone: the crash test starts a child JVM that
 * cannot receive the contract instance. Implementations must be public, have a public no-argument
 * constructor and be thread-safe.
 */
@FunctionalInterface
public interface DurableStoreFactory {
  /**
   * Open the store that lives in a directory, creating it if the directory is empty.
   *
   * @param dir the store's directory
   * @return the open store
   */
  CheckpointStore open(Path dir);
}
