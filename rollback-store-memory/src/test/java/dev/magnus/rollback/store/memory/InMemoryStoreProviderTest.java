package dev.magnus.rollback.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import dev.magnus.rollback.store.memory.internal.InMemoryStoreProvider;

/** Check discovery of the memory store provider. */
class InMemoryStoreProviderTest {
  @Test
  void serviceLoaderFindsTheMemoryProviderRegressionForServicesFileUnderSrcMainJava() {
    // given
    ServiceLoader<CheckpointStoreProvider> loader = ServiceLoader.load(CheckpointStoreProvider.class);
    // when
    List<String> names = loader.stream().map(p -> p.get().name()).toList();
    // then
    assertTrue(names.contains(InMemoryStoreProvider.NAME), () -> "providers found: " + names);
  }

  @Test
  void theProviderCreatesAnEmptyOpenStore() {
    // given
    CheckpointStoreProvider provider = new InMemoryStoreProvider();
    // when
    try (CheckpointStore store = provider.create(StorageConfig.ofDefaults())) {
      // then
      assertEquals(0, store.stats().checkpoints());
    }
  }
}
