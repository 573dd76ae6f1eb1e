package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreFileLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Describe the file store's layout to tools that damage it on purpose (the conformance kit's Corruption
 * cases, run by provider name): the live segments in id order, where each record begins in one (read
 * with the store's own scanner), a record framed as a writer without a segment's random salt would frame
 * it, and the smallest segment size for a store spread over many files. Stateless and thread-safe.
 */
final class FileStoreLayout implements StoreFileLayout {
  static final FileStoreLayout INSTANCE = new FileStoreLayout();

  private FileStoreLayout() {}

  @Override
  public List<Path> dataFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> SegmentFiles.idOf(f) >= 0).sorted(Comparator.comparingLong(SegmentFiles::idOf))
          .toList();
    }
  }

  @Override
  public List<Long> recordStarts(Path dataFile) throws IOException {
    return SegmentScanner.recordStarts(dataFile);
  }

  /** Frame a record bound to no real place: well formed, which is exactly what a payload can smuggle in. */
  @Override
  public Optional<byte[]> frame(CheckpointRecord record) {
    ByteBuffer b = Format.record(new Format.SegmentHeader(1, 0, 0, Format.VERSION), Format.FILE_HEADER_SIZE,
        Format.CHECKPOINT, (byte) 0, record.checkpoint().sequence(), Codec.checkpoint(record.checkpoint()),
        record.payload());
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return Optional.of(bytes);
  }

  @Override
  public Map<String, Object> multiFileOptions() {
    return Map.of("segmentBytes", FileStores.MIN_SEGMENT_BYTES);
  }
}
