package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Name the files a closed durable store keeps its records in, so the contract can damage them on
 * purpose: cut records, flip bits, delete files, hide a well-formed frame inside a payload.
 * Immutable snapshot, taken after the store was closed; the contract damages copies, never these
 * files. The TCK calls it from the test thread only.
 *
 * <pre>{@code
 * StoreFiles.builder(segments)
 *     .recordStarts(MyFormat::recordOffsets)   // turns on the multi-file cases that aim at one record
 *     .frames(MyFormat::frame)                 // turns on the embedded-frame case
 *     .build();
 * }</pre>
 */
public interface StoreFiles {
  /**
   * List the files that hold records, in the order they were written: the last record appended is
   * at the end of the last file.
   *
   * @return the data files, at least one when the store holds a record
   */
  List<Path> dataFiles();

  /**
   * Return where the last appended record begins in the last data file.
   *
   * @return a byte offset, below the file's length
   */
  long lastRecordStart();

  /**
   * Return where each record written for an append or a deletion begins in one data file, in file
   * order. Bookkeeping that is not such a record (file headers, seals, trailers, indexes) is not
   * listed. The multi-file corruption cases use these offsets to damage one record exactly; without
   * them those cases are skipped.
   *
   * @param dataFile one of {@link #dataFiles()}
   * @return ascending offsets below the file's length, or empty if unknown
   */
  default List<Long> recordStarts(Path dataFile) {
    return List.of();
  }

  /**
   * Return the bytes the store would write for {@code record} as one standalone record: exactly
   * what a scanner of its data files would accept as a record if it found them. The embedded-frame
   * case hides these bytes inside another checkpoint's payload, in another directory (a multi-file
   * store), so they must not depend on this snapshot's files; without them the case is skipped.
   *
   * @param record a checkpoint that is never appended
   * @return the framed bytes, or empty if unknown
   */
  default Optional<byte[]> frame(CheckpointRecord record) {
    return Optional.empty();
  }

  /**
   * Create a snapshot from known values, without record offsets or frames.
   *
   * @param dataFiles the data files, in write order
   * @param lastRecordStart where the last record begins in the last file
   * @return the snapshot
   */
  static StoreFiles of(List<Path> dataFiles, long lastRecordStart) {
    return builder(dataFiles).lastRecordStart(lastRecordStart).build();
  }

  /**
   * Start a snapshot of these data files; give {@link Builder#lastRecordStart(long)}, or
   * {@link Builder#recordStarts(Function)} to derive it from the last file's last record.
   *
   * @param dataFiles the data files, in write order
   * @return a builder
   * @throws NullPointerException if {@code dataFiles} or one of its elements is null
   */
  static Builder builder(List<Path> dataFiles) {
    return new Builder(dataFiles);
  }

  /** Build a {@link StoreFiles}. Not thread-safe; the snapshot it builds is immutable. */
  final class Builder {
    private final List<Path> dataFiles;
    private long lastRecordStart = -1;
    private Function<Path, List<Long>> recordStarts = file -> List.of();
    private boolean startsGiven;
    private Function<CheckpointRecord, Optional<byte[]>> frames = record -> Optional.empty();

    private Builder(List<Path> dataFiles) {
      this.dataFiles = List.copyOf(Objects.requireNonNull(dataFiles, "dataFiles"));
    }

    /**
     * Say where the last appended record begins in the last data file.
     *
     * @param offset a byte offset, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public Builder lastRecordStart(long offset) {
      if (offset < 0) {
        throw new IllegalArgumentException("lastRecordStart must be >= 0, was " + offset);
      }
      lastRecordStart = offset;
      return this;
    }

    /**
     * Say how to find the records of a data file; see {@link StoreFiles#recordStarts(Path)}.
     *
     * @param starts maps a data file to its record offsets (empty if unknown); called lazily
     * @return this builder
     */
    public Builder recordStarts(Function<Path, List<Long>> starts) {
      recordStarts = Objects.requireNonNull(starts, "starts");
      startsGiven = true;
      return this;
    }

    /**
     * Say how the store frames a standalone record; see {@link StoreFiles#frame(CheckpointRecord)}.
     *
     * @param framer maps a record to its framed bytes; called lazily
     * @return this builder
     */
    public Builder frames(Function<CheckpointRecord, byte[]> framer) {
      Objects.requireNonNull(framer, "framer");
      frames = record -> Optional.of(framer.apply(record).clone());
      return this;
    }

    /**
     * Build the snapshot.
     *
     * @return the snapshot
     * @throws IllegalStateException if neither {@code lastRecordStart} nor {@code recordStarts} was given
     */
    public StoreFiles build() {
      if (lastRecordStart < 0 && !startsGiven) {
        throw new IllegalStateException("give lastRecordStart(offset), or recordStarts(starts) to derive it");
      }
      return new StoreFileSnapshot(dataFiles, lastRecordStart, recordStarts, frames);
    }
  }
}
