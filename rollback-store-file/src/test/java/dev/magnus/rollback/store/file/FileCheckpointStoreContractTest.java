package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.CheckpointStoreContract;
import dev.magnus.rollback.tck.DurableStoreFactory;
import dev.magnus.rollback.tck.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
    return Optional.of(StoreFiles.builder(segments).recordStarts(FileCheckpointStoreContractTest::recordStarts)
        .frames(FileCheckpointStoreContractTest::frame).build());
  }

  /**
   * Frame a record as this format does, as a writer without the segment's random salt would: well
   * formed, but bound to no real place, which is exactly what a payload can smuggle in.
   */
  private static byte[] frame(dev.magnus.rollback.spi.CheckpointRecord r) {
    ByteBuffer b = Format.record(new Format.SegmentHeader(1, 0, 0, Format.VERSION), Format.FILE_HEADER_SIZE,
        Format.CHECKPOINT, (byte) 0, r.checkpoint().sequence(), Codec.checkpoint(r.checkpoint()), r.payload());
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }

  /** Scan a segment with the store's own scanner: where each checkpoint and marker record begins. */
  private static List<Long> recordStarts(Path segment) {
    try {
      return SegmentScanner.recordStarts(segment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan the records of " + segment.getFileName(), e);
    }
  }
}
