package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import dev.magnus.rollback.tck.DurableStoreFactory;
import dev.magnus.rollback.tck.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Run the TCK's whole store contract against the file store, with the durable extras: reopen, a
 * kill -9 loop of a child JVM, truncation of the last record at every byte offset, bit flips, and
 * the multi-file corruption cases on a store in the smallest segments.
 */
class FileCheckpointStoreContractTest extends CheckpointStoreContract {
  /** Opens the store for the crash test's child JVM. */
  public static final class Factory implements DurableStoreFactory {
    /** Create the factory; the TCK instantiates it by name. */
    public Factory() {}

    @Override
    public CheckpointStore open(Path dir) {
      return FileStores.open(dir);
    }
  }

  @Override
  protected CheckpointStore createStore(Path dir) {
    return FileStores.open(dir);
  }

  @Override
  protected Optional<String> storeFactoryClass() {
    return Optional.of(Factory.class.getName());
  }

  @Override
  protected Optional<CheckpointStore> createMultiFileStore(Path dir) {
    return Optional.of(FileStores.builder(dir).segmentBytes(FileStores.MIN_SEGMENT_BYTES).open());
  }

  @Override
  protected Optional<StoreFiles> storeFiles(Path dir) {
    List<Path> segments;
    try {
      segments = FileStores.layout().dataFiles(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StoreFiles.builder(segments).recordStarts(FileCheckpointStoreContractTest::recordStarts)
        .frames(r -> FileStores.layout().frame(r).orElseThrow()).build());
  }

  /** Scan a segment with the store's own scanner: where each checkpoint and marker record begins. */
  private static List<Long> recordStarts(Path segment) {
    try {
      return FileStores.layout().recordStarts(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan the records of " + segment.getFileName(), e);
    }
  }
}
