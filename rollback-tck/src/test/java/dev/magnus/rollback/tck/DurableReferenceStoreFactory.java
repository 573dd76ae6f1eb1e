package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;

/** Open the durable reference store in a child JVM, for the crash test. */
public final class DurableReferenceStoreFactory implements DurableStoreFactory {
  /** Create the factory; the crash test calls this reflectively. */
  public DurableReferenceStoreFactory() {}

  @Override
  public CheckpointStore open(Path dir) {
    return new DurableReferenceStore(dir, true);
  }
}
