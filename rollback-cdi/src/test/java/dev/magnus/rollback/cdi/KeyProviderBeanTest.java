package dev.magnus.rollback.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.KeyProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** A {@link KeyProvider} bean supplies the encryption keys of the produced engine. */
class KeyProviderBeanTest {
  @Test
  void aKeyProviderBeanHoldsTheActiveKeyAndTheProducedEngineEncryptsWithIt() {
    // given a configuration whose active key no variable holds, and a bean that holds it
    try (WeldContainer container = new Weld().disableDiscovery()
        .addBeanClasses(SessionRollbackProducer.class, EncryptedConfig.class, VaultKeys.class).initialize()) {
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      // when
      engine.initialize("cdi-secret", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("note", "private"));
      // then the checkpoint is encrypted, and the bean was asked for the key
      List<Checkpoint> checkpoints = engine.resume("cdi-secret").checkpoints();
      assertEquals("aes-256-gcm", checkpoints.get(0).labels().get(Checkpoint.ENCRYPTION));
      assertTrue(container.select(VaultKeys.class).get().askedFor().contains("vault"));
      assertEquals("private", engine.resume("cdi-secret").getCurrentState().attributes().get("note"));
    }
  }

  @Test
  void withoutTheBeanTheEngineIsNotProducedAndTheErrorNamesTheKeyId() {
    try (WeldContainer container = new Weld().disableDiscovery()
        .addBeanClasses(SessionRollbackProducer.class, EncryptedConfig.class).initialize()) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> container.select(SessionRollbackEngine.class).get().config());
      Throwable cause = e;
      while (cause != null && !(cause instanceof ConfigInvalidException)) {
        cause = cause.getCause();
      }
      assertTrue(cause instanceof ConfigInvalidException, () -> "not a config problem: " + e);
      assertTrue(cause.getMessage().contains("activeKeyId is 'vault'"), cause::getMessage);
    }
  }

  /** Encrypts under the key id "vault", which no environment variable holds. */
  @ApplicationScoped
  static class EncryptedConfig {
    @Produces
    RollbackConfig config() {
      return RollbackConfig.custom().storage(StorageConfig.custom().type("memory").build())
          .integrity(IntegrityConfig.ofDefaults().withEncryption(new EncryptionConfig(Map.of(), Optional.of("vault"))))
          .build();
    }
  }

  /** A secrets-manager stand-in: holds the key "vault" and records which ids were asked. */
  @ApplicationScoped
  static class VaultKeys implements KeyProvider {
    private final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Optional<byte[]> key(String keyId) {
      asked.add(keyId);
      if (!"vault".equals(keyId)) {
        return Optional.empty();
      }
      byte[] key = new byte[32];
      Arrays.fill(key, (byte) 0x5a);
      return Optional.of(key);
    }

    List<String> askedFor() {
      return List.copyOf(asked);
    }
  }
}
