package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.tck.RecoveryScript;
import dev.magnus.rollback.tck.ScriptedRecoveryContext;
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

  /** A session whose checkpoints are scripted by the caller; the current state is a broken one. */
  private RecoveryScript session() {
    return ScriptedRecoveryContext.forSession("s-1").scheduler(scheduler);
  }

  /** A session with one SESSION_START, then USER_REQUESTED checkpoints, labelled c1..cn, all good. */
  private RecoveryScript goodCheckpoints(int n) {
    RecoveryScript script = session();
    for (int i = 1; i <= n; i++) {
      script.good("c" + i);
    }
    return script;
  }

  private static Checkpoint newestWritten(ScriptedRecoveryContext context) {
    List<Checkpoint> written = context.written();
    return written.get(written.size() - 1);
  }

  @Test
  void restoresTheNewestCheckpointWhenItIsGood() {
    // given
    ScriptedRecoveryContext context = goodCheckpoints(4).build();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(Optional.of(context.idOf("c4")), result.restored());
    assertEquals(Optional.of(newestWritten(context).id()), result.recoveryPoint());
    assertEquals(CheckpointType.RECOVERY_POINT, newestWritten(context).type());
    assertEquals(context.stateOf(context.idOf("c4")).attributes(), context.currentState().attributes());
    assertEquals("IMMEDIATE", result.strategy());
    assertEquals(1, result.attempts());
    assertEquals(1, result.validations());
    assertEquals(List.of(new ScriptedRecoveryContext.Attempt(1, Optional.of("restore " + context.idOf("c4")), Duration.ZERO,
        Optional.empty())), context.attempts(), "the first-try restore is one reported attempt");
  }

  @Test
  void skipsCheckpointsThatFailTheirIntegrityCheckAndReportsThem() {
    // given
    ScriptedRecoveryContext context = session().good("c1").good("c2").corrupt("c3").corrupt("c4").build();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(Optional.of(context.idOf("c2")), result.restored());
    assertEquals(3, result.validations());
    assertEquals(List.of(context.idOf("c2")), context.restores());
    assertEquals(3, context.attempts().size(), "two rejected candidates and the restored one");
    assertEquals(new ScriptedRecoveryContext.Attempt(3, Optional.of("restore " + context.idOf("c2")), Duration.ZERO,
        Optional.empty()), context.attempts().get(2));
    ScriptedRecoveryContext.Attempt first = context.attempts().get(0);
    assertEquals(1, first.attempt());
    assertEquals(Optional.of("restore " + context.idOf("c4")), first.step());
    assertEquals(Duration.ZERO, first.waitBefore());
    assertTrue(first.cause().orElseThrow().contains("IntegrityViolationException"), first.cause().toString());
    assertEquals(2, context.attempts().get(1).attempt());
    assertTrue(result.message().contains(context.idOf("c4").value())
        && result.message().contains(context.idOf("c3").value()), result.message());
  }

  @Test
  void skipsCheckpointsWhoseStateFailsValidation() {
    // given
    ScriptedRecoveryContext context = goodCheckpoints(3).invalid("c4", CheckpointType.AUTO_PERIODIC).build();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c3")), result.restored());
    assertEquals("c3", context.currentLabel());
    assertEquals(2, context.attempts().size(), "the rejected candidate and the restored one");
    assertTrue(context.attempts().get(0).cause().orElseThrow().startsWith("invalid state"),
        context.attempts().get(0).cause().toString());
  }

  @Test
  void neverRestoresAPreRollbackCheckpoint() {
    // given a newest PRE_ROLLBACK whose state passes both checks
    ScriptedRecoveryContext context = goodCheckpoints(2).good("c3", CheckpointType.PRE_ROLLBACK).build();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c2")), result.restored());
    assertEquals(1, result.validations());
  }

  @Test
  void movesToTheNextCandidateWhenTheRestoreItselfFails() {
    // given
    ScriptedRecoveryContext context = goodCheckpoints(4).failRestoreOf("c4").build();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Optional.of(context.idOf("c3")), result.restored());
    assertEquals(2, result.attempts());
    assertTrue(context.attempts().get(0).cause().orElseThrow().startsWith("restore failed"),
        context.attempts().get(0).cause().toString());
  }

  @Test
  void failsAndLeavesTheStateAloneWhenNoCheckpointIsGood() {
    // given
    ScriptedRecoveryContext context = session().corrupt("c1").corrupt("c2").corrupt("c3").build();
    SessionState before = context.currentState();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(Optional.empty(), result.restored());
    assertEquals(Optional.empty(), result.recoveryPoint());
    assertEquals(before, context.currentState());
    assertEquals(List.of(), context.written());
    assertEquals(3, context.attempts().size());
    assertEquals(3, result.validations());
  }

  @Test
  void failsWhenTheSessionHasNoCheckpoints() {
    // given
    ScriptedRecoveryContext context = session().build();

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
    ScriptedRecoveryContext context = goodCheckpoints(2)
        .failure(Failure.of(FailureType.TIMEOUT, "slow").withSteps(List.of(RecoveryStep.of("count", s -> {
          runs.incrementAndGet();
          return s;
        })))).build();

    // when
    RecoveryResult result = Strategies.immediate().recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(0, runs.get());
  }
}
