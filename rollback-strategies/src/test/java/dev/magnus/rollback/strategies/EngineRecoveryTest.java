package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.tck.InjectingStore;
import java.util.Optional;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.ValidationResult;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code session.recover(failure)} end to end: the default engine finds these strategies by name. */
class EngineRecoveryTest {
  private final List<RecoveryAttempt> attempts = new CopyOnWriteArrayList<>();
  private final SessionRollbackEngine engine = SessionRollback.builder()
      .config(RollbackConfig.custom().checkpoint(dev.magnus.rollback.CheckpointConfig.custom().maxCheckpoints(100).build())
          .recovery(RecoveryConfig.custom().strategy("DECOMPOSE").initialDelay(Duration.ofMillis(2))
              .maxDelay(Duration.ofMillis(10)).stepTimeout(Duration.ofSeconds(2))
              .strategyFor(FailureType.EXTERNAL_SERVICE_ERROR, "IMMEDIATE")
              .strategyFor(FailureType.STATE_CORRUPTION, "PROGRESSIVE").build())
          .build())
      .store(InMemoryStores.create())
      .validator(state -> Boolean.TRUE.equals(state.attributes().get("corrupt"))
          ? ValidationResult.invalid("corrupt flag set") : ValidationResult.valid())
      .observer(new SessionObserver() {
        @Override
        public void recoveryAttempted(RecoveryAttempt attempt) {
          attempts.add(attempt);
        }
      })
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  private Session session() {
    return engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of("step", 0));
  }

  @Test
  void immediateRestoresTheNewestValidCheckpoint() {
    Session session = session();
    session.update(s -> s.with("step", 1));
    Checkpoint good = session.createCheckpoint(CheckpointType.USER_REQUESTED, "good");
    session.update(s -> s.with("step", 2).with("corrupt", true));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "bad");

    RecoveryResult result = session.recover(Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "model API down"));

    assertEquals("IMMEDIATE", result.strategy());
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(good.id(), result.restored().orElseThrow());
    assertEquals(1L, session.getCurrentState().attributes().get("step"));
    List<AuditAction> actions = engine.getAuditLog().entries("s1").stream().map(AuditEntry::action).toList();
    assertEquals(AuditAction.RECOVERY_SUCCEEDED, actions.get(actions.size() - 1));
  }

  @Test
  void decomposeReplaysStepsWithRetriesAndCheckpointsEachOne() {
    Session session = session();
    AtomicInteger calls = new AtomicInteger();
    List<RecoveryStep> steps = List.of(
        RecoveryStep.of("detect", s -> s.with("step", 1)),
        RecoveryStep.of("score", s -> {
          if (calls.incrementAndGet() < 3) {
            throw new IllegalStateException("scorer flaked (" + calls.get() + ")");
          }
          return s.with("step", 2);
        }));

    RecoveryResult result = session.recover(Failure.of(FailureType.SCORING_CALCULATION_ERROR, "scorer").withSteps(steps));

    assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
    assertEquals(2L, session.getCurrentState().attributes().get("step"));
    assertEquals(3, calls.get());
    assertEquals(1 + 1 + 3, attempts.size(), "the restore and every attempt of both steps reached the observers");
    assertEquals(2, session.checkpoints().stream().filter(c -> c.description().startsWith("after step")).count());
  }

  @Test
  void decomposeReportsPartialAndKeepsTheLastGoodStep() {
    Session session = session();
    List<RecoveryStep> steps = List.of(
        RecoveryStep.of("detect", s -> s.with("step", 1)),
        RecoveryStep.of("score", s -> {
          throw new IllegalStateException("always broken");
        }));

    RecoveryResult result = session.recover(Failure.of(FailureType.TIMEOUT, "slow").withSteps(steps));

    assertEquals(Outcome.PARTIAL, result.outcome());
    assertEquals("score", result.failedStep().orElseThrow());
    assertEquals(1L, session.getCurrentState().attributes().get("step"));
    List<AuditAction> actions = engine.getAuditLog().entries("s1").stream().map(AuditEntry::action).toList();
    assertEquals(AuditAction.RECOVERY_PARTIAL, actions.get(actions.size() - 1));
  }

  @Test
  void progressiveRestoresTheNewestCheckpointBeforeCorruptionBegan() {
    Session session = session();
    session.update(s -> s.with("step", 1));
    Checkpoint lastGood = session.createCheckpoint(CheckpointType.USER_REQUESTED, "1");
    session.update(s -> s.with("step", 2).with("corrupt", true));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "2");
    session.update(s -> s.with("step", 3));
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "3: corrupt flag still set");

    RecoveryResult result = session.recover(Failure.of(FailureType.STATE_CORRUPTION, "bad state"));

    assertEquals("PROGRESSIVE", result.strategy());
    assertEquals(lastGood.id(), result.restored().orElseThrow());
    assertEquals(Map.of("step", 1L), session.getCurrentState().attributes());
    assertTrue(result.validations() >= 3, "validated oldest to newest: " + result.validations());
  }

  @Test
  void progressiveTreatsADamagedDeltaBaseAsTheFirstBadCheckpoint() {
    InjectingStore store = InjectingStore.wrap(InMemoryStores.create());
    try (SessionRollbackEngine deltas = SessionRollback.builder()
        .config(RollbackConfig.custom().checkpoint(dev.magnus.rollback.CheckpointConfig.custom().maxCheckpoints(100)
            .delta(DeltaConfig.on()).build()).recovery(RecoveryConfig.custom().strategy("PROGRESSIVE").build()).build())
        .store(store).build()) {
      Session session = deltas.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("step", 0, "notes", "a state long enough that one change is a small part of it ".repeat(10)));
      session.update(s -> s.with("step", 1));
      Checkpoint lastGood = session.createCheckpoint(CheckpointType.USER_REQUESTED, "1");
      session.update(s -> s.with("step", 2));
      Checkpoint damagedBase = session.createCheckpoint(CheckpointType.USER_REQUESTED, "2");
      session.update(s -> s.with("step", 3));
      Checkpoint dependent = session.createCheckpoint(CheckpointType.USER_REQUESTED, "3");
      assertEquals(Optional.of(damagedBase.id()), dependent.deltaBase(), "3 is a delta on 2");
      store.onRead(r -> r.checkpoint().id().equals(damagedBase.id()) ? flipped(r) : r);

      RecoveryResult result = session.recover(Failure.of(FailureType.STATE_CORRUPTION, "bad state"));

      assertEquals(lastGood.id(), result.restored().orElseThrow(), result.toString());
      assertEquals(1L, session.getCurrentState().attributes().get("step"));
    }
  }

  private static CheckpointRecord flipped(CheckpointRecord r) {
    byte[] payload = r.payload();
    payload[payload.length / 2] ^= 0x20;
    return new CheckpointRecord(r.checkpoint(), payload);
  }
}
