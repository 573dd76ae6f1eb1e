package dev.magnus.rollback.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Describe where a durable store keeps its records on disk, so that a tool that knows only the
 * provider's name (a conformance run, a repair tool) can find a closed store's data files, aim at one
 * record in them, and create a store that spreads its records over several files. Optional: a
 * {@link CheckpointStoreProvider} whose stores declare {@link StoreCapability#DURABLE} may also
 * implement this interface; nothing in the engine calls it.
 *
 * <p>Every method reads files or describes the format and never changes a file. Implementations must
 * be stateless and thread-safe.
 */
public interface StoreFileLayout {
  /**
   * List the files of the closed store in {@code directory} that hold records, in the order they were
   * written: the last record appended is at the end of the last file.
   *
   * @param directory the store's directory, as given to the provider's directory option
   * @return the data files, empty when the store holds no record yet
   * @throws IOException if the directory cannot be listed
   */
  List<Path> dataFiles(Path directory) throws IOException;

  /**
   * Return where each record written for an append or a deletion begins in one data file, in file
   * order. Bookkeeping that is not such a record (file headers, seals, trailers, indexes) is not
   * listed.
   *
   * @param dataFile one of {@link #dataFiles(Path)}
   * @return ascending byte offsets below the file's length
   * @throws IOException if the file cannot be read
   */
  List<Long> recordStarts(Path dataFile) throws IOException;

  /**
   * Return the bytes the store would write for {@code record} as one standalone record, exactly what a
   * scanner of its data files would accept as a record if it found them, independent of any directory.
   *
   * @param record a checkpoint record
   * @return the framed bytes, or empty if the format cannot frame a record on its own
   */
  default Optional<byte[]> frame(CheckpointRecord record) {
    return Optional.empty();
  }

  /**
   * Return store options (as under {@code storage.options.<name>}, without the directory) that make the
   * store roll to a new data file every 2 KiB of records or sooner; stores opened later on the same
   * directory with the default options must read what they wrote.
   *
   * @return the options, or empty if the store keeps all records in one file
   */
  default Map<String, Object> multiFileOptions() {
    return Map.of();
  }
}
