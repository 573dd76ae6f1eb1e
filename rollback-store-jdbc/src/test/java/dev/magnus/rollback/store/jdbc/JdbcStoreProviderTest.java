package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import dev.magnus.rollback.store.jdbc.internal.JdbcStoreProvider;

/** The {@code jdbc} provider: discovery, options, the password from the environment. */
class JdbcStoreProviderTest {
  private static final String SECRET_VAR = "ROLLBACK_TEST_DB_PASSWORD";

  @Test
  void serviceLoaderFindsTheProviderByName() {
    // given
    ServiceLoader<CheckpointStoreProvider> loader = ServiceLoader.load(CheckpointStoreProvider.class);
    // when
    boolean found = loader.stream().anyMatch(p -> p.get().name().equals("jdbc"));
    // then
    assertTrue(found);
  }

  @Test
  void theProviderOpensAStoreFromOptionsWithThePasswordFromTheNamedVariable() {
    // given
    TestDatabase.requireServer();
    String schema = TestDatabase.freshSchema("provider");
    StorageConfig storage = StorageConfig.custom().type("jdbc").options("jdbc", Map.of("url", TestDatabase.url(),
        "user", TestDatabase.user(), "passwordEnv", SECRET_VAR, "poolSize", 2, "schema", schema)).build();
    JdbcStoreProvider provider = new JdbcStoreProvider(name -> name.equals(SECRET_VAR) ? TestDatabase.password() : null);
    // when
    try (CheckpointStore store = provider.create(storage)) {
      store.append(TckCheckpoints.record("s", 1, 8));
      // then
      assertTrue(store.capabilities().containsAll(java.util.Set.of(StoreCapability.DURABLE, StoreCapability.SHARED)));
      assertEquals(1, store.stats().checkpoints());
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }

  @Test
  void aMissingPasswordVariableIsNamedAndItsAbsenceReported() {
    // given
    StorageConfig storage = config(Map.of("url", "jdbc:postgresql://127.0.0.1:1/x", "passwordEnv", "NOT_SET_ANYWHERE"));
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> new JdbcStoreProvider(name -> null).create(storage));
    // then
    assertTrue(e.getMessage().contains("NOT_SET_ANYWHERE"), e.getMessage());
  }

  @Test
  void unknownOptionsAndAPasswordInTheConfigAreRejected() {
    // given
    StorageConfig storage = config(Map.of("url", "jdbc:postgresql://127.0.0.1:1/x", "password", "hunter2"));
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> new JdbcStoreProvider().create(storage));
    // then
    assertTrue(e.getMessage().contains("[password]") && e.getMessage().contains("passwordEnv"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), "the value of an unknown key is never echoed");
  }

  @Test
  void badValuesNameTheOption() {
    // given
    StorageConfig noUrl = config(Map.of("user", "u"));
    StorageConfig badUrl = config(Map.of("url", "jdbc:mysql://x/y"));
    StorageConfig badPool = config(Map.of("url", "jdbc:postgresql://127.0.0.1:1/x", "poolSize", 0));
    StorageConfig badSchema = config(Map.of("url", "jdbc:postgresql://127.0.0.1:1/x", "schema", "a;b"));
    JdbcStoreProvider provider = new JdbcStoreProvider();
    // when / then
    assertTrue(assertThrows(ConfigInvalidException.class, () -> provider.create(noUrl)).getMessage().contains("url"));
    assertTrue(assertThrows(ConfigInvalidException.class, () -> provider.create(badUrl)).getMessage().contains("jdbc.url"));
    assertTrue(assertThrows(ConfigInvalidException.class, () -> provider.create(badPool)).getMessage().contains("poolSize"));
    assertTrue(assertThrows(ConfigInvalidException.class, () -> provider.create(badSchema)).getMessage().contains("schema"));
  }

  @Test
  void anUnreachableServerFailsTheOpenWithAStoreExceptionNamingItButNotThePassword() {
    // given: port 1 on loopback, where nothing listens
    StorageConfig storage = config(Map.of("url", "jdbc:postgresql://127.0.0.1:1/nothing?password=leaked",
        "connectionTimeoutMs", 1000));
    // when
    StoreException e = assertThrows(StoreException.class, () -> new JdbcStoreProvider().create(storage));
    // then
    assertTrue(e.getMessage().contains("127.0.0.1:1/nothing"), e.getMessage());
    assertFalse(e.getMessage().contains("leaked"), e.getMessage());
  }

  private static StorageConfig config(Map<String, Object> options) {
    return StorageConfig.custom().type("jdbc").options("jdbc", options).build();
  }
}
