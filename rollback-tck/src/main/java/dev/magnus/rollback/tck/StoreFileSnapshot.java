package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The immutable {@link StoreFiles} a {@link StoreFiles.Builder} makes. The functions it holds are
 * called lazily, on the closed store's files; every answer is copied. lastRecordStart is negative
 * when it is to be derived from the last file's record offsets.
 */
final class StoreFileSnapshot implements StoreFiles {
  private final List<Path> dataFiles;
  private final long lastRecordStart;
  private final Function<Path, List<Long>> recordStarts;
  private final Function<CheckpointRecord, Optional<byte[]>> frames;

  StoreFileSnapshot(List<Path> dataFiles, long lastRecordStart, Function<Path, List<Long>> recordStarts,
      Function<CheckpointRecord, Optional<byte[]>> frames) {
    this.dataFiles = dataFiles;
    this.lastRecordStart = lastRecordStart;
    this.recordStarts = recordStarts;
    this.frames = frames;
  }

  @Override
  public List<Path> dataFiles() {
    return dataFiles;
  }

  @Override
  public long lastRecordStart() {
    if (lastRecordStart >= 0) {
      return lastRecordStart;
    }
    List<Long> starts = dataFiles.isEmpty() ? List.of() : recordStarts(dataFiles.get(dataFiles.size() - 1));
    if (starts.isEmpty()) {
      throw new IllegalStateException("recordStarts named no record in the last data file, so lastRecordStart "
          + "is unknown; give lastRecordStart(offset)");
    }
    return starts.get(starts.size() - 1);
  }

  @Override
  public List<Long> recordStarts(Path dataFile) {
    Objects.requireNonNull(dataFile, "dataFile");
    return List.copyOf(recordStarts.apply(dataFile));
  }

  @Override
  public Optional<byte[]> frame(CheckpointRecord record) {
    Objects.requireNonNull(record, "record");
    return frames.apply(record);
  }
}
