package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.EncryptionKeyException;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.KeyProvider;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key providers come from the builder, then ServiceLoader, then the configured variables, in that order. */
class KeyProvidersTest {
  private final CheckpointStore inner = InMemoryStores.create();

  @TempDir
  Path dir;

  /** Registered through a service file in the test's class loader; holds the key "vault". */
  public static final class ServiceLoadedKeys implements KeyProvider {
    /** Called by ServiceLoader. */
    public ServiceLoadedKeys() {}

    @Override
    public Optional<byte[]> key(String keyId) {
      return "vault".equals(keyId) ? Optional.of(filled(0x11)) : Optional.empty();
    }
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }

  /** A class loader that sees ServiceLoadedKeys as a KeyProvider service. */
  private ClassLoader withServiceFile() throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(services.resolve(KeyProvider.class.getName()), ServiceLoadedKeys.class.getName() + "\n",
        StandardCharsets.UTF_8);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  private SessionRollbackEngine engine(EncryptionConfig keys, ClassLoader loader, KeyProvider... given) {
    SessionRollback.Builder builder = SessionRollback.builder().store(InjectingStore.view(inner))
        .config(RollbackConfig.custom().integrity(IntegrityConfig.ofDefaults().withEncryption(keys)).build())
        .classLoader(loader).scheduler(Fixtures.SCHEDULER)
        .environment(Map.of("ENV_KEY", Base64.getEncoder().encodeToString(filled(0x33))));
    for (KeyProvider p : given) {
      builder.keyProvider(p);
    }
    return builder.build();
  }

  private String kekOf(String session) {
    return KeyRing.allEntries(inner).stream().filter(e -> session.equals(e.labels().get(KeyRing.OF_SESSION)))
        .map(e -> e.labels().get(KeyRing.KEK)).findFirst().orElseThrow();
  }

  @Test
  void aProviderFoundByServiceLoaderHoldsTheActiveKey() throws IOException {
    EncryptionConfig vault = new EncryptionConfig(Map.of(), Optional.of("vault"));
    try (SessionRollbackEngine engine = engine(vault, withServiceFile())) {
      engine.initialize("s1", metadata(), Map.of("note", "private"));
    }
    assertEquals("vault", kekOf("s1"));
    Checkpoint stored = inner.list("s1", CheckpointQuery.all()).get(0);
    assertEquals(PayloadEnvelope.SCHEME, stored.labels().get(Checkpoint.ENCRYPTION));
    ConfigInvalidException missing = assertThrows(ConfigInvalidException.class,
        () -> engine(vault, getClass().getClassLoader()), "without the service file nothing holds 'vault'");
    assertTrue(missing.getMessage().contains("activeKeyId is 'vault'"), missing.getMessage());
  }

  @Test
  void aBuilderProviderIsAskedBeforeServiceLoaderAndTheVariablesAfterBoth() throws IOException {
    KeyProvider other = id -> "vault".equals(id) ? Optional.of(filled(0x22)) : Optional.empty();
    EncryptionConfig vault = new EncryptionConfig(Map.of("env", "ENV_KEY"), Optional.of("vault"));
    try (SessionRollbackEngine engine = engine(vault, withServiceFile(), other)) {
      engine.initialize("s1", metadata(), Map.of("note", "private"));
    }
    EncryptionConfig env = new EncryptionConfig(Map.of("env", "ENV_KEY"), Optional.of("env"));
    try (SessionRollbackEngine engine = engine(env, withServiceFile(), other)) {
      assertEquals("private", engine.resume("s1").getCurrentState().attributes().get("note"));
      engine.initialize("s2", metadata(), Map.of("note", "second"));
    }
    assertEquals("env", kekOf("s2"), "the variables still hold the ids the providers do not");
    try (SessionRollbackEngine engine = engine(env, withServiceFile())) {
      EncryptionKeyException e = assertThrows(EncryptionKeyException.class, () -> engine.resume("s1"));
      assertTrue(e.getMessage().contains("is another key"), "s1 was written with the builder's key: " + e.getMessage());
      assertEquals("second", engine.resume("s2").getCurrentState().attributes().get("note"));
    }
  }
}
