package dev.magnus.rollback.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The start-up checks every way of starting an engine runs (builder, fromConfig, the CDI producer, and
 * {@code rollback config check} through {@code Builder.problems()}). This module's test class path holds
 * one store provider, memory, and no strategy provider.
 */
class StartupCheckTest {
  private static RollbackConfigLoader.Loaded yaml(String text) {
    return RollbackConfigLoader.read(new StringReader(text), "test.yaml", new Properties());
  }

  private static CheckpointStoreProvider fakeStore(String name) {
    return new CheckpointStoreProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckpointStore create(StorageConfig config) {
        return InMemoryStores.create();
      }
    };
  }

  @Test
  void anUnsetStoreTypeIsTheOnlyStoreOnTheClassPath() {
    // given only rollback-store-memory on the class path and storage.type left unset
    // when
    try (SessionRollbackEngine engine = SessionRollback.builder().build()) {
      // then
      assertEquals("memory", engine.config().storage().type());
    }
  }

  @Test
  void anUnsetStoreTypeIsFileAmongSeveralStores() {
    // given memory from the class path and two more from the builder
    SessionRollback.Builder builder = SessionRollback.builder().storeProvider(fakeStore("file"))
        .storeProvider(fakeStore("other"));
    // when
    RollbackConfig config = builder.checkedConfig();
    // then
    assertEquals("file", config.storage().type());
  }

  @Test
  void severalStoresWithoutFileAndNoChoiceIsAProblemNamingThem() {
    // given
    SessionRollback.Builder builder = SessionRollback.builder().storeProvider(fakeStore("other"));
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, builder::build);
    // then
    assertEquals(List.of("storage.type (auto: not set): the class path offers several stores (memory, other), none of "
        + "them file: set storage.type to the one to use"), e.problems());
  }

  @Test
  void noStoreOnTheClassPathNamesTheModulesToAdd() {
    // given a class loader that sees no provider at all
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      // when
      ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
          () -> SessionRollback.builder().classLoader(empty).build());
      // then
      assertEquals(1, e.problems().size(), e::getMessage);
      assertTrue(e.problems().get(0).startsWith("storage.type (auto: not set): no checkpoint store is on the class "
          + "path: add dev.magnus.rollback:rollback-store-file"), e::getMessage);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aMisspeltStoreFromAFileIsReportedAtItsLineWithADidYouMean() {
    // given
    RollbackConfigLoader.Loaded loaded = yaml("checkpoint:\n  maxCheckpoints: 5\nstorage:\n  type: memroy\n");
    // when
    List<String> problems = SessionRollback.builder().config(loaded).problems();
    // then
    assertEquals(List.of("storage.type (line 4, col 9): no checkpoint store named 'memroy' on the class path; did you "
        + "mean 'memory'? available: memory; choose one of the available names, or register a CheckpointStoreProvider "
        + "named 'memroy' in META-INF/services/dev.magnus.rollback.spi.CheckpointStoreProvider"), problems);
  }

  @Test
  void aMisspeltStrategyFailsAtStartNotAtTheFirstRecovery() {
    // given
    RollbackConfigLoader.Loaded loaded = yaml("recovery:\n  strategy: DECOMPOZE\n");
    // when
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> SessionRollback.builder().config(loaded).build());
    // then
    assertEquals(1, e.problems().size(), e::getMessage);
    assertTrue(e.problems().get(0).startsWith("recovery.strategy (line 2, col 13): no recovery strategy named "
        + "'DECOMPOZE' on the class path; available: none; choose one"), e::getMessage);
    assertTrue(e.getMessage().contains("test.yaml"), e::getMessage);
  }

  @Test
  void theDefaultStrategyNamedInAFileMustBeOnTheClassPath() {
    // given DECOMPOSE, the default, written out while rollback-strategies is absent
    RollbackConfigLoader.Loaded loaded = yaml("recovery:\n  strategy: DECOMPOSE\n");
    // when
    List<String> problems = SessionRollback.builder().config(loaded).problems();
    // then
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).contains("add the dependency dev.magnus.rollback:rollback-strategies"), problems::toString);
  }

  @Test
  void theDefaultStrategyLeftUnsetIsNotRequiredToStart() {
    // given no strategy on the class path and recovery.strategy not set
    // when
    List<String> problems = SessionRollback.builder().config(yaml("checkpoint:\n  maxCheckpoints: 5\n")).problems();
    // then
    assertEquals(List.of(), problems);
  }

  @Test
  void anUnsetHmacKeyVariableIsReportedAtItsLineNamingTheVariable() {
    // given
    RollbackConfigLoader.Loaded loaded = yaml("integrity:\n  hmacKeyEnv: ROLLBACK_TEST_KEY_THAT_IS_NOT_SET\n");
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> SessionRollback.builder().config(loaded).environment(Map.of()).build());
    // then
    assertFalse(e instanceof ProviderNotFoundException, "a missing key is not a missing provider");
    assertEquals(List.of("integrity.hmacKeyEnv (line 2, col 15): names the environment variable "
        + "ROLLBACK_TEST_KEY_THAT_IS_NOT_SET, which is not set or empty: export ROLLBACK_TEST_KEY_THAT_IS_NOT_SET=<the "
        + "HMAC key the checkpoints were written with>, or remove integrity.hmacKeyEnv"), e.problems());
  }

  @Test
  void theHmacKeyVariableSetMeansNoProblem() {
    // given
    RollbackConfigLoader.Loaded loaded = yaml("integrity:\n  hmacKeyEnv: MY_KEY\n");
    // when
    List<String> problems = SessionRollback.builder().config(loaded).environment(Map.of("MY_KEY", "secret")).problems();
    // then
    assertEquals(List.of(), problems);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    // given three independent mistakes
    RollbackConfigLoader.Loaded loaded = yaml("recovery:\n  strategy: NOPE\n  byFailureType:\n    TIMEOUT: ALSO_NOPE\n"
        + "storage:\n  type: memroy\n  spillover: true\n  spilloverType: memory\nintegrity:\n  hmacKeyEnv: UNSET_KEY\n");
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> SessionRollback.builder().config(loaded).environment(Map.of()).build());
    // then
    List<String> keys = e.problems().stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
    assertEquals(List.of("storage.type", "recovery.strategy", "recovery.byFailureType.TIMEOUT", "integrity.hmacKeyEnv"),
        keys, e::getMessage);
  }

  @Test
  void spilloverIntoTheSameStoreIsAProblem() {
    // given
    RollbackConfigLoader.Loaded loaded = yaml("storage:\n  type: memory\n  spillover: true\n  spilloverType: memory\n");
    // when
    List<String> problems = SessionRollback.builder().config(loaded).problems();
    // then
    assertEquals(List.of("storage.spilloverType (line 4, col 18): must name another store than storage.type, was "
        + "'memory' for both: set storage.spilloverType to a durable store such as file"), problems);
  }

  @Test
  void aValueFromASystemPropertyIsReportedAsThatProperty() {
    // given
    Properties properties = new Properties();
    properties.setProperty("rollback.storage.type", "memroy");
    RollbackConfigLoader.Loaded loaded = RollbackConfigLoader.read(new StringReader("{}"), "test.yaml", properties);
    // when
    List<String> problems = SessionRollback.builder().config(loaded).problems();
    // then
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("storage.type (system property rollback.storage.type): no checkpoint store "
        + "named 'memroy'"), problems::toString);
  }

  @Test
  void aStoreGivenToTheBuilderNeedsNoStoreProvider() {
    // given a store instance and a class loader without providers
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      SessionRollback.Builder builder = SessionRollback.builder().classLoader(empty).store(InMemoryStores.create());
      // when
      List<String> problems = builder.problems();
      // then
      assertEquals(List.of(), problems);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
