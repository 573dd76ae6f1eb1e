package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ProviderConflictException;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.magnus.rollback.core.internal.Providers;
import org.junit.jupiter.api.io.TempDir;

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
  void twoProvidersWithOneNameAreAConflictNamingBothClasses(@TempDir Path dir) throws IOException {
    // given a class path on which a second provider is also named "memory"
    String service = "META-INF/services/" + CheckpointStoreProvider.class.getName();
    Path extra = Files.createDirectories(dir.resolve("META-INF/services")).resolve(CheckpointStoreProvider.class.getName());
    Files.writeString(extra, SecondMemoryStoreProvider.class.getName() + "\n");
    ClassLoader twoMemoryStores = new ClassLoader(loader) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = Collections.list(super.getResources(name));
        if (name.equals(service)) {
          urls.add(extra.toUri().toURL());
        }
        return Collections.enumeration(urls);
      }
    };
    // when
    ProviderConflictException e = assertThrows(ProviderConflictException.class, () -> Providers.stores(twoMemoryStores));
    // then
    assertTrue(e.getMessage().startsWith("two CheckpointStoreProviders are named 'memory': "), e.getMessage());
    assertTrue(e.getMessage().contains(SecondMemoryStoreProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().endsWith("; remove one from the class path or rename it"), e.getMessage());
  }

  /** A store provider that takes the memory store's name. */
  public static final class SecondMemoryStoreProvider implements CheckpointStoreProvider {
    @Override
    public String name() {
      return "memory";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      throw new UnsupportedOperationException("never created: the name conflict is found first");
    }
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
