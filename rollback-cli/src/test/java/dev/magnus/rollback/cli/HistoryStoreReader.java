package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Path;
import java.util.List;

/** Read what a file store holds for session s-1, read-only. */
final class HistoryStoreReader {
  private HistoryStoreReader() {}

  static List<Checkpoint> checkpoints(Path data) {
    try (CheckpointStore store = FileStores.builder(data).readOnly().open()) {
      return store.list("s-1", CheckpointQuery.all());
    }
  }
}
