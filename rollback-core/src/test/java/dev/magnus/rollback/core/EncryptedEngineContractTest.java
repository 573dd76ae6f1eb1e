package dev.magnus.rollback.core;

import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import java.util.Base64;
import java.util.Map;

/**
 * Run the whole engine contract against the default engine with encryption at rest on: every case
 * the contract makes (rollback, recovery, retention, integrity, resume, fork) holds when payloads are
 * stored encrypted under session data keys kept in the store's key ring.
 */
class EncryptedEngineContractTest extends SessionRollbackEngineContract {
  private static final Map<String, String> ENVIRONMENT = Map.of("CONTRACT_KEY",
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

  @Override
  protected SessionRollbackEngine createEngine(EngineContext context) {
    EncryptionConfig encryption = EncryptionConfig.withKey("contract", "CONTRACT_KEY");
    RollbackConfig config = context.config();
    RollbackConfig encrypted = RollbackConfig.from(config).integrity(config.integrity().withEncryption(encryption)).build();
    return DefaultSessionRollbackEngine.start(new EngineContext(encrypted, context.store(), context.strategies(),
        context.validator(), context.observers(), context.auditSinks(), context.clock(), context.scheduler()),
        ENVIRONMENT, null);
  }

  @Override
  protected CheckpointStore createStore() {
    return InMemoryStores.create();
  }
}
