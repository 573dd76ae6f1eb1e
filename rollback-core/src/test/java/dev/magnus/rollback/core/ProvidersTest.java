package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.magnus.rollback.core.internal.Providers;

class ProvidersTest {
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void theMemoryStoreAndTheDefaultEngineAreFoundByName() {
    assertTrue(Providers.stores(loader).containsKey("memory"));
    assertEquals(Set.of("default"), Providers.engines(loader).keySet());
  }

  @Test
  void aKnownStoreThatIsMissingNamesItsModule() {
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> Providers.store("file", loader));

    assertTrue(e.getMessage().contains("available: memory") && e.getMessage().contains("dev.magnus.rollback:rollback-store-file")
        && e.getMessage().contains("storage.type"), e.getMessage());
  }

  @Test
  void anUnknownStoreNameExplainsHowToRegisterOne() {
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> Providers.store("redis", loader));

    assertTrue(e.getMessage().contains("META-INF/services/dev.magnus.rollback.spi.CheckpointStoreProvider"), e.getMessage());
  }

  @Test
  void theBuilderPicksTheStoreNamedInTheConfig() {
    RollbackConfig config = RollbackConfig.custom().storage(StorageConfig.custom().type("memory").maxMemoryBytes(4096).build())
        .build();

    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).build()) {
      engine.initialize("s1", Fixtures.metadata());
      assertEquals(Set.of("s1"), engine.openSessions());
    }
  }

  @Test
  void theBuilderFailsFastOnAMissingStore() {
    RollbackConfig config = RollbackConfig.custom().storage(StorageConfig.custom().type("file").build()).build();

    assertThrows(ProviderNotFoundException.class, () -> SessionRollback.builder().config(config).build());
  }
}
