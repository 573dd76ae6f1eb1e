package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import dev.magnus.rollback.tck.DurableStoreFactory;
import dev.magnus.rollback.tck.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
    try (Stream<Path> files = Files.list(dir)) {
      segments = files.filter(f -> f.getFileName().toString().matches("segment-\\d{20}\\.log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StoreFiles.builder(segments).recordStarts(FileCheckpointStoreContractTest::recordStarts).build());
  }

  /** Scan a segment with the store's own scanner: where each checkpoint and marker record begins. */
  private static List<Long> recordStarts(Path segment) {
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      SegmentScanner scanner = new SegmentScanner(channel, channel.size());
      List<Long> starts = new ArrayList<>();
      long offset = Format.FILE_HEADER_SIZE;
      SegmentScanner.Item item;
      while ((item = scanner.next(offset)) != null) {
        starts.add(item.offset());
        offset += item.length();
      }
      return starts;
    } catch (IOException | Format.BadRecordException e) {
      throw new IllegalStateException("cannot scan the records of " + segment.getFileName(), e);
    }
  }
}
