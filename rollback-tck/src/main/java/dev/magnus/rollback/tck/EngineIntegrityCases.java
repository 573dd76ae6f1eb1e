package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A checkpoint whose payload or descriptor changed in the store is never applied. */
abstract class EngineIntegrityCases extends EngineCases {
  private final List<CheckpointId> violations = new CopyOnWriteArrayList<>();

  private SessionRollbackEngine observedEngine() {
    return engine(dev.magnus.rollback.RollbackConfig.ofDefaults(), List.of(new SessionObserver() {
      @Override
      public void integrityViolation(String sessionId, CheckpointId checkpointId, String problem) {
        violations.add(checkpointId);
      }
    }));
  }

  private static CheckpointRecord flipLastPayloadByte(CheckpointRecord r) {
    byte[] bytes = r.payload();
    int at = bytes.length / 2;
    bytes[at] = (byte) (bytes[at] ^ 0x01);
    return new CheckpointRecord(r.checkpoint(), bytes);
  }

  @Test
  void aDamagedPayloadIsRefusedAuditedAndReported() {
    // given
    SessionRollbackEngine engine = observedEngine();
    Session session = engine.initialize(SESSION, metadata(), Map.of("text", "some state worth keeping"));
    Checkpoint target = session.createCheckpoint(CheckpointType.USER_REQUESTED, "target");
    session.update(s -> s.with("text", "changed"));
    SessionState before = session.getCurrentState();
    int stored = store.list(SESSION, CheckpointQuery.all()).size();
    store.onRead(EngineIntegrityCases::flipLastPayloadByte);
    // when
    assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(target.id()));
    // then
    assertSame(before, session.getCurrentState());
    assertEquals(stored, store.list(SESSION, CheckpointQuery.all()).size(), "nothing was written");
    assertTrue(actions(engine, SESSION).contains(AuditAction.INTEGRITY_VIOLATION));
    assertEquals(1, violations.size(), "one violation reported: " + violations);
    List<CheckpointId> readable = DeltaChains.chain(store.list(SESSION, CheckpointQuery.all()), target);
    assertTrue(readable.contains(violations.get(0)), "the violation names the target or a base its delta chain leads "
        + "through " + readable + ", not " + violations.get(0));
  }

  @Test
  void anAlteredDescriptorIsRefused() {
    // given
    Session session = engine().initialize(SESSION, metadata(), Map.of("k", "v"));
    Checkpoint target = session.createCheckpoint(CheckpointType.USER_REQUESTED, "target");
    session.update(s -> s.with("k", "changed"));
    SessionState before = session.getCurrentState();
    store.onRead(r -> {
      Checkpoint c = r.checkpoint();
      return new CheckpointRecord(new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(),
          "a forged description", c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(),
          c.compression()), r.payload());
    });
    // when / then
    assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(target.id()));
    assertSame(before, session.getCurrentState());
  }

  @Test
  void aResumeOfADamagedNewestCheckpointIsRefused() {
    // given
    engine().initialize(SESSION, metadata(), Map.of("k", "v"));
    SessionRollbackEngine restarted = engine(dev.magnus.rollback.RollbackConfig.ofDefaults());
    lastView.onRead(EngineIntegrityCases::flipLastPayloadByte);
    // when / then
    assertThrows(IntegrityViolationException.class, () -> restarted.resume(SESSION));
    assertTrue(restarted.openSessions().isEmpty(), "the damaged session was not opened");
  }
}
