package dev.magnus.rollback.tck;

import java.nio.file.Path;
import java.util.List;

/**
 * Name the files a closed durable store keeps its records in, so the contract can damage them on
 * purpose: cut the last record at every byte offset, and flip bits in the middle of a file.
 * Immutable snapshot, taken after the store was closed.
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
   * Create a snapshot from known values.
   *
   * @param dataFiles the data files, in write order
   * @param lastRecordStart where the last record begins in the last file
   * @return the snapshot
   */
  static StoreFiles of(List<Path> dataFiles, long lastRecordStart) {
    List<Path> files = List.copyOf(dataFiles);
    return new StoreFiles() {
      @Override
      public List<Path> dataFiles() {
        return files;
      }

      @Override
      public long lastRecordStart() {
        return lastRecordStart;
      }
    };
  }
}
