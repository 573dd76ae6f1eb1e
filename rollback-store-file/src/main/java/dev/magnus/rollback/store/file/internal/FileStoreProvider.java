package dev.magnus.rollback.store.file.internal;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StoreFileLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;

/**
 * Provide the {@code file} store, configured by {@code storage.options.file}: {@code path} (default
 * {@code ./rollback-data}), {@code fsync} ({@code always} | {@code interval} | {@code none}, default
 * {@code always}), {@code fsyncIntervalMs} (default 100) and {@code segmentBytes} (default 64 MiB).
 * It also describes the store's files ({@link StoreFileLayout}, as {@link FileStores#layout()}), so a
 * conformance run started from the name {@code file} runs the crash and corruption cases. Stateless and
 * thread-safe.
 */
public final class FileStoreProvider implements CheckpointStoreProvider, StoreFileLayout {
  /** The provider name. */
  public static final String NAME = FileStores.PROVIDER_NAME;

  private static final Set<String> KEYS = Set.of("path", "fsync", "fsyncIntervalMs", "segmentBytes");

  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public FileStoreProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Open the file store the options describe.
   *
   * @param storage the storage section
   * @return the open store
   * @throws ConfigInvalidException naming the key, the value and what is allowed, for a bad option
   */
  @Override
  public CheckpointStore create(StorageConfig storage) {
    Map<String, Object> options = storage.optionsFor(NAME);
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigInvalidException("storage.options.file: unknown option(s) " + unknown + "; allowed are "
          + new TreeSet<>(KEYS));
    }
    FileStores.Builder builder = FileStores.builder(path(options.getOrDefault("path", FileStores.DEFAULT_PATH)))
        .fsync(fsync(options.getOrDefault("fsync", "always")));
    if (options.containsKey("fsyncIntervalMs")) {
      builder.fsyncInterval(Duration.ofMillis(number(options, "fsyncIntervalMs", 1, 3_600_000)));
    }
    if (options.containsKey("segmentBytes")) {
      builder.segmentBytes(number(options, "segmentBytes", FileStores.MIN_SEGMENT_BYTES,
          FileStores.MAX_SEGMENT_BYTES));
    }
    return builder.open();
  }

  @Override
  public List<Path> dataFiles(Path directory) throws IOException {
    return FileStores.layout().dataFiles(directory);
  }

  @Override
  public List<Long> recordStarts(Path dataFile) throws IOException {
    return FileStores.layout().recordStarts(dataFile);
  }

  @Override
  public Optional<byte[]> frame(CheckpointRecord record) {
    return FileStores.layout().frame(record);
  }

  @Override
  public Map<String, Object> multiFileOptions() {
    return FileStores.layout().multiFileOptions();
  }

  private static Path path(Object value) {
    String text = String.valueOf(value);
    if (text.isBlank()) {
      throw new ConfigInvalidException("storage.options.file.path: '" + text + "' is not allowed; give a directory, "
          + "for example ./rollback-data");
    }
    return Path.of(text);
  }

  private static FsyncPolicy fsync(Object value) {
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(FsyncPolicy.values()).filter(p -> p.optionValue().equals(text)).findFirst()
        .orElseThrow(() -> new ConfigInvalidException("storage.options.file.fsync: '" + value + "' is not allowed; "
            + "use one of " + Arrays.stream(FsyncPolicy.values()).map(FsyncPolicy::optionValue)
                .collect(Collectors.joining(", "))));
  }

  private static long number(Map<String, Object> options, String key, long min, long max) {
    Object value = options.get(key);
    long n;
    try {
      n = value instanceof Number num && !(value instanceof Double || value instanceof Float) ? num.longValue()
          : Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw invalid(key, value, min, max);
    }
    if (n < min || n > max) {
      throw invalid(key, value, min, max);
    }
    return n;
  }

  private static ConfigInvalidException invalid(String key, Object value, long min, long max) {
    return new ConfigInvalidException("storage.options.file." + key + ": '" + value + "' is not allowed; use a "
        + "whole number from " + min + " to " + max);
  }
}
