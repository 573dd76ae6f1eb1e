package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StoreCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.magnus.rollback.store.file.internal.FileStoreProvider;

class FileStoreProviderTest {
  @TempDir
  Path dir;

  private static StorageConfig config(Map<String, Object> options) {
    return StorageConfig.custom().type("file").options("file", options).build();
  }

  @Test
  void serviceLoaderFindsTheFileProvider() {
    // when
    boolean found = ServiceLoader.load(CheckpointStoreProvider.class).stream()
        .anyMatch(p -> p.get().name().equals("file") && p.type() == FileStoreProvider.class);

    // then
    assertTrue(found);
  }

  @Test
  void optionsChooseTheDirectoryPolicyAndSegmentSize() {
    // given
    Path data = dir.resolve("data");
    StorageConfig storage = config(Map.of("path", data.toString(), "fsync", "interval", "fsyncIntervalMs", 5,
        "segmentBytes", "4096"));

    // when
    try (CheckpointStore store = new FileStoreProvider().create(storage)) {
      store.append(Fixtures.record("s", 1, 10));

      // then
      assertEquals(1, store.stats().checkpoints());
      assertEquals(java.util.Set.of(StoreCapability.TOMBSTONES), store.capabilities());
    }
    assertTrue(Files.exists(data.resolve(SegmentFiles.name(1))));
  }

  @Test
  void defaultPolicyIsDurable() {
    // when
    try (CheckpointStore store = new FileStoreProvider().create(config(Map.of("path", dir.toString())))) {
      // then
      assertTrue(store.capabilities().contains(StoreCapability.DURABLE));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "fsync|sometimes|always, interval, none",
      "fsyncIntervalMs|0|1 to 3600000",
      "fsyncIntervalMs|soon|1 to 3600000",
      "segmentBytes|12|256 to 1073741824",
      "segmentBytes|2.5|256 to 1073741824"})
  void badOptionValuesNameTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
    // given
    StorageConfig storage = config(Map.of("path", dir.toString(), key, value));

    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> new FileStoreProvider().create(storage));

    // then
    assertTrue(e.getMessage().contains("storage.options.file." + key), e.getMessage());
    assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(allowed), e.getMessage());
  }

  @Test
  void unknownOptionsAreRejected() {
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> new FileStoreProvider().create(config(Map.of("directory", "x"))));

    // then
    assertTrue(e.getMessage().contains("directory"), e.getMessage());
  }
}
