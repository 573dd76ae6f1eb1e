package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code Session.recover} runs the strategy the configuration selects for the failure's type, with a
 * context of the failing session, and reports every ending as a result: audited, observed, and never an
 * exception. The strategies are the contract's scripted ones ({@link ScriptedEngineStrategies}).
 */
abstract class EngineRecoveryCases extends EngineCases {
  SessionRollbackEngine engine;
  Session session;
  Checkpoint stepOne;
  final List<RecoveryAttempt> attemptsHeard = new CopyOnWriteArrayList<>();
  final List<RecoveryResult> resultsHeard = new CopyOnWriteArrayList<>();

  /** A session checkpointed at step 1 whose state moved on to a broken step 2. */
  void givenABrokenStepTwo(RollbackConfig config) {
    engine = engine(config, List.of(new SessionObserver() {
      @Override
      public void recoveryAttempted(RecoveryAttempt attempt) {
        attemptsHeard.add(attempt);
      }

      @Override
      public void recoveryCompleted(RecoveryResult result) {
        resultsHeard.add(result);
      }
    }));
    session = engine.initialize(SESSION, metadata(), Map.of("step", 0L));
    session.update(s -> s.with("step", 1L));
    stepOne = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
    session.update(s -> s.with("step", 2L).with("broken", true));
  }

  @Test
  void recoverRestoresWhatTheStrategyChoseBehindARecoveryPoint() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    // when
    RecoveryResult result = session.recover(Failure.of(FailureType.PATTERN_DETECTION_ERROR, "scripted"));
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    assertEquals(ScriptedEngineStrategies.RESTORE_NEWEST, result.strategy());
    assertEquals(stepOne.id(), result.restored().orElseThrow());
    assertEquals(Map.of("step", 1L), session.getCurrentState().attributes());
    List<Checkpoint> stored = store.list(SESSION, CheckpointQuery.all());
    Checkpoint last = stored.get(stored.size() - 1);
    assertEquals(CheckpointType.RECOVERY_POINT, last.type());
    assertEquals(result.recoveryPoint().orElseThrow(), last.id());
    assertEquals(stepOne.id().value(), last.label(Checkpoint.RESTORED_FROM).orElseThrow());
  }

  @Test
  void theFailureTypeSelectsTheStrategy() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    // when
    RecoveryResult result = session.recover(Failure.of(FailureType.TIMEOUT, "scripted"));
    // then
    assertEquals(ScriptedEngineStrategies.RESTORE_START, result.strategy(), "TIMEOUT is mapped to its own strategy");
    assertEquals(Map.of("step", 0L), session.getCurrentState().attributes());
  }

  @Test
  void theStrategyIsGivenTheSessionTheFailureAndItsCheckpoints() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    List<Checkpoint> before = session.checkpoints();
    Failure failure = Failure.of(FailureType.SCORING_CALCULATION_ERROR, "scripted").withContext(Map.of("k", "v"));
    // when
    session.recover(failure);
    // then
    assertEquals(List.of(new ScriptedEngineStrategies.Seen(ScriptedEngineStrategies.RESTORE_NEWEST, SESSION, failure,
        before)), strategies.seen());
  }

  @Test
  void aSuccessfulRecoveryIsAuditedAndObserved() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    // when
    RecoveryResult result = session.recover(Failure.of(FailureType.PATTERN_DETECTION_ERROR, "scripted"));
    // then
    List<AuditAction> actions = actions(engine, SESSION);
    assertTrue(actions.contains(AuditAction.RECOVERY_ATTEMPTED), actions::toString);
    assertEquals(AuditAction.RECOVERY_SUCCEEDED, actions.get(actions.size() - 1), actions::toString);
    assertEquals(List.of(result), resultsHeard);
    assertEquals(1, attemptsHeard.size(), attemptsHeard::toString);
    assertEquals(ScriptedEngineStrategies.RESTORE_NEWEST, attemptsHeard.get(0).strategy());
    AuditVerification verification = engine.getAuditLog().verify();
    assertTrue(verification.valid(), verification.problem());
  }

  @Test
  void aRecoveryThatGivesUpIsAFailedResultAuditedAsFailedAndChangesNothing() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    SessionState before = session.getCurrentState();
    int stored = store.list(SESSION, CheckpointQuery.all()).size();
    // when
    RecoveryResult result = session.recover(Failure.of(FailureType.VALIDATION_ERROR, "scripted"));
    // then
    assertEquals(Outcome.FAILURE, result.outcome(), result::toString);
    assertEquals(ScriptedEngineStrategies.GIVES_UP, result.strategy());
    assertSame(before, session.getCurrentState());
    assertEquals(stored, store.list(SESSION, CheckpointQuery.all()).size(), "nothing was written");
    List<AuditAction> actions = actions(engine, SESSION);
    assertEquals(AuditAction.RECOVERY_FAILED, actions.get(actions.size() - 1), actions::toString);
    assertEquals(List.of(result), resultsHeard);
  }

  @Test
  void aStrategyThatThrowsGivesAFailedResultNotAnException() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    SessionState before = session.getCurrentState();
    // when
    RecoveryResult result = session.recover(Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "scripted"));
    // then
    assertEquals(Outcome.FAILURE, result.outcome(), result::toString);
    assertEquals(ScriptedEngineStrategies.THROWS, result.strategy());
    assertSame(before, session.getCurrentState());
    List<AuditAction> actions = actions(engine, SESSION);
    assertEquals(AuditAction.RECOVERY_FAILED, actions.get(actions.size() - 1), actions::toString);
  }

  @Test
  void aFirstTrySuccessTheStrategyDidNotReportIsObservedAsAttemptOne() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    // when
    RecoveryResult result = session.recover(Failure.of(FailureType.STATE_CORRUPTION, "scripted"));
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    assertEquals(1, attemptsHeard.size(), () -> "the engine reports the attempt the strategy left out: " + attemptsHeard);
    RecoveryAttempt first = attemptsHeard.get(0);
    assertEquals(List.of(1, ScriptedEngineStrategies.SILENT_RESTORE, SESSION), List.of(first.attempt(), first.strategy(),
        first.sessionId()));
    List<AuditAction> actions = actions(engine, SESSION);
    assertTrue(actions.indexOf(AuditAction.RECOVERY_ATTEMPTED) >= 0
        && actions.indexOf(AuditAction.RECOVERY_ATTEMPTED) < actions.indexOf(AuditAction.RECOVERY_SUCCEEDED),
        actions::toString);
  }

  @Test
  void aStrategyThatThrowsBeforeReportingIsStillObservedAsOneAttempt() {
    // given
    givenABrokenStepTwo(recoveryConfig());
    // when
    session.recover(Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "scripted"));
    // then
    assertEquals(1, attemptsHeard.size(), attemptsHeard::toString);
    assertEquals(1, attemptsHeard.get(0).attempt());
    assertTrue(actions(engine, SESSION).contains(AuditAction.RECOVERY_ATTEMPTED));
  }

  @Test
  void aStrategyNameWithoutAStrategyFailsWithProviderNotFoundAndChangesNothing() {
    // given
    givenABrokenStepTwo(RollbackConfig.custom().recovery(RecoveryConfig.custom().strategy("tck-no-such-strategy")
        .build()).build());
    SessionState before = session.getCurrentState();
    // when
    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> session.recover(Failure.of(FailureType.PATTERN_DETECTION_ERROR, "scripted")));
    // then
    assertTrue(e.getMessage().contains("tck-no-such-strategy"), e::getMessage);
    assertSame(before, session.getCurrentState());
    assertTrue(strategies.seen().isEmpty(), "no strategy ran");
  }
}
