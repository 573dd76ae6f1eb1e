package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.Optional;

/** Run the whole store contract, durable extras included, against the durable reference store. */
class DurableReferenceStoreContractTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore createStore(Path dir) {
    return new DurableReferenceStore(dir, false);
  }

  @Override
  protected Optional<CheckpointStore> createMultiFileStore(Path dir) {
    return Optional.of(new DurableReferenceStore(dir, false, DurableReferenceStore.SMALL_SEGMENTS));
  }

  @Override
  protected Optional<String> storeFactoryClass() {
    return Optional.of(DurableReferenceStoreFactory.class.getName());
  }

  @Override
  protected Optional<StoreFiles> storeFiles(Path dir) {
    return Optional.of(ReferenceSegments.files(dir));
  }
}
