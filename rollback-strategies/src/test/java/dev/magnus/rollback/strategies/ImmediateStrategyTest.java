package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImmediateStrategyTest {
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void restoresTheNewestCheckpointWhenItIsGood() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 4, scheduler);
    context.setCurrent(context.corruptState(99));

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(Optional.of(CheckpointId.of("cp-4")), result.restored());
    assertEquals(Optional.of(context.newest().id()), result.recoveryPoint());
    assertEquals(CheckpointType.RECOVERY_POINT, context.newest().type());
    assertEquals(context.stateOf(CheckpointId.of("cp-4")), context.currentState());
    assertEquals("IMMEDIATE", result.strategy());
    assertEquals(1, result.attempts());
    assertEquals(1, result.validations());
    assertEquals(List.of(), context.attempts());
  }

  @Test
  void skipsCheckpointsThatFailTheirIntegrityCheckAndReportsThem() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 4, scheduler);
    context.corrupt(CheckpointId.of("cp-4"));
    context.corrupt(CheckpointId.of("cp-3"));

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(Optional.of(CheckpointId.of("cp-2")), result.restored());
    assertEquals(3, result.validations());
    assertEquals(List.of(CheckpointId.of("cp-2")), context.restores());
    assertEquals(2, context.attempts().size());
    FakeRecoveryContext.Attempt first = context.attempts().get(0);
    assertEquals(1, first.attempt());
    assertEquals(Optional.of("restore cp-4"), first.step());
    assertEquals(Duration.ZERO, first.waitBefore());
    assertTrue(first.cause().orElseThrow().contains("IntegrityViolationException"), first.cause().toString());
    assertEquals(2, context.attempts().get(1).attempt());
    assertTrue(result.message().contains("cp-4") && result.message().contains("cp-3"), result.message());
  }

  @Test
  void skipsCheckpointsWhoseStateFailsValidation() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 3, scheduler);
    context.add(CheckpointType.AUTO_PERIODIC, context.corruptState(3));

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-3")), result.restored());
    assertEquals(2L, context.currentState().attributes().get("value"));
    assertEquals(1, context.attempts().size());
    assertTrue(context.attempts().get(0).cause().orElseThrow().startsWith("invalid state"),
        context.attempts().get(0).cause().toString());
  }

  @Test
  void neverRestoresAPreRollbackCheckpoint() {
    // given a newest PRE_ROLLBACK whose state passes both checks
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 2, scheduler);
    context.add(CheckpointType.PRE_ROLLBACK, context.state(7));

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-2")), result.restored());
    assertEquals(1, result.validations());
  }

  @Test
  void movesToTheNextCandidateWhenTheRestoreItselfFails() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 4, scheduler);
    context.failRestoreOf(CheckpointId.of("cp-4"));

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Optional.of(CheckpointId.of("cp-3")), result.restored());
    assertEquals(2, result.attempts());
    assertTrue(context.attempts().get(0).cause().orElseThrow().startsWith("restore failed"),
        context.attempts().get(0).cause().toString());
  }

  @Test
  void failsAndLeavesTheStateAloneWhenNoCheckpointIsGood() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 3, scheduler);
    context.all().forEach(c -> context.corrupt(c.id()));
    SessionState before = context.currentState();
    int checkpointsBefore = context.all().size();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(Optional.empty(), result.restored());
    assertEquals(Optional.empty(), result.recoveryPoint());
    assertEquals(before, context.currentState());
    assertEquals(checkpointsBefore, context.all().size());
    assertEquals(3, context.attempts().size());
    assertEquals(3, result.validations());
  }

  @Test
  void failsWhenTheSessionHasNoCheckpoints() {
    // given
    FakeRecoveryContext context = FakeRecoveryContext.session("s-1", scheduler);

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(0, result.validations());
    assertEquals(FailureType.EXTERNAL_SERVICE_ERROR, result.failure());
  }

  @Test
  void doesNotRunTheFailuresSteps() {
    // given
    AtomicInteger runs = new AtomicInteger();
    FakeRecoveryContext context = FakeRecoveryContext.withCheckpoints("s-1", 2, scheduler)
        .failing(Failure.of(FailureType.TIMEOUT, "slow").withSteps(List.of(RecoveryStep.of("count", s -> {
          runs.incrementAndGet();
          return s;
        }))));

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(0, runs.get());
  }
}
