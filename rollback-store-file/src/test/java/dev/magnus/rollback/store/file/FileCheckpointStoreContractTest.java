package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import dev.magnus.rollback.tck.DurableStoreFactory;
import dev.magnus.rollback.tck.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Run the TCK's whole store contract against the file store, with the durable extras: reopen, a
 * kill -9 loop of a child JVM, truncation of the last record at every byte offset, bit flips.
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
  protected Optional<StoreFiles> storeFiles(Path dir) {
    List<Path> segments;
    try (Stream<Path> files = Files.list(dir)) {
      segments = files.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StoreFiles.of(segments, lastRecordStart(segments.get(segments.size() - 1))));
  }

  private static long lastRecordStart(Path segment) {
    try {
      List<Long> starts = SegmentScanner.recordStarts(segment);
      return starts.get(starts.size() - 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the last record of " + segment.getFileName(), e);
    }
  }
}
