package dev.magnus.rollback.tck;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StoreFileLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Store providers registered in the TCK's test resources, for the runner's tests. */
final class TestStoreProviders {
  private TestStoreProviders() {}

  /** Provide the correct reference store as {@code tck-reference}. */
  public static final class Reference implements CheckpointStoreProvider {
    /** Create the provider; called by ServiceLoader. */
    public Reference() {}

    @Override
    public String name() {
      return "tck-reference";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      return new ReferenceStore();
    }
  }

  /** Provide a store that ignores delete as {@code tck-ignores-delete}. */
  public static final class IgnoresDelete implements CheckpointStoreProvider {
    /** Create the provider; called by ServiceLoader. */
    public IgnoresDelete() {}

    @Override
    public String name() {
      return "tck-ignores-delete";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      return new BrokenStores.IgnoresDelete();
    }
  }

  /**
   * Provide the durable reference store as {@code tck-durable-reference}, in the directory given by the
   * option {@code path}, with its file layout, so that a run by name turns on CrashRecovery and Corruption.
   */
  public static final class DurableReference implements CheckpointStoreProvider, StoreFileLayout {
    /** Create the provider; called by ServiceLoader. */
    public DurableReference() {}

    @Override
    public String name() {
      return "tck-durable-reference";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      Map<String, Object> options = storage.optionsFor(name());
      Path dir = Path.of(String.valueOf(options.get("path")));
      long segmentBytes = options.containsKey("segmentBytes")
          ? Long.parseLong(String.valueOf(options.get("segmentBytes"))) : DurableReferenceStore.ONE_SEGMENT;
      return new DurableReferenceStore(dir, false, segmentBytes);
    }

    @Override
    public List<Path> dataFiles(Path directory) {
      return ReferenceSegments.list(directory);
    }

    @Override
    public List<Long> recordStarts(Path dataFile) {
      return ReferenceSegments.recordStarts(dataFile);
    }

    @Override
    public Optional<byte[]> frame(CheckpointRecord record) {
      return Optional.of(ReferenceFrames.frame(ReferenceFrames.CHECKPOINT, 0, 0, 0, ReferenceFrames.checkpointBody(record)));
    }

    @Override
    public Map<String, Object> multiFileOptions() {
      return Map.of("segmentBytes", DurableReferenceStore.SMALL_SEGMENTS);
    }
  }
}
