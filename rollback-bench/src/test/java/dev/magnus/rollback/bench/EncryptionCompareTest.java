package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.store.memory.InMemoryStores;
import org.junit.jupiter.api.Test;

class EncryptionCompareTest {
  @Test
  void theEncryptedRigStoresEveryPayloadEncryptedAndThePlainOneNone() {
    try (EngineRig encrypted = EngineRig.encrypted(InMemoryStores.create(), RollbackConfig.ofDefaults(),
        BenchStates.Size.MEDIUM, 1);
        EngineRig plain = EngineRig.configured(InMemoryStores.create(), RollbackConfig.ofDefaults(),
            BenchStates.Size.MEDIUM, 1)) {
      // when
      Checkpoint sealed = encrypted.changeAndCheckpoint(0, 1);
      Checkpoint clear = plain.changeAndCheckpoint(0, 1);
      encrypted.rollback(0);

      // then
      assertEquals("aes-256-gcm", sealed.labels().get(Checkpoint.ENCRYPTION));
      assertFalse(clear.labels().containsKey(Checkpoint.ENCRYPTION));
      assertTrue(encrypted.session(0).checkpoints().stream()
          .allMatch(c -> c.labels().containsKey(Checkpoint.ENCRYPTION)), "the rollback's checkpoints too");
    }
  }
}
