package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The kit's scripted recovery context: each scripted behaviour and each read-back does what it says. */
class ScriptedRecoveryContextTest {
  private static RecoveryScript session() {
    return ScriptedRecoveryContext.forSession("s");
  }

  @Test
  void checkpointsTakeTheTypeTheScriptGivesAndOtherwiseStartWithSessionStart() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").good("b", CheckpointType.PRE_ROLLBACK)
        .invalid("c", CheckpointType.AUTO_PERIODIC).corrupt("d", CheckpointType.RECOVERY_POINT).good("e").build()) {
      // when
      List<CheckpointType> types = context.checkpoints().stream().map(Checkpoint::type).toList();
      // then
      assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.PRE_ROLLBACK, CheckpointType.AUTO_PERIODIC,
          CheckpointType.RECOVERY_POINT, CheckpointType.USER_REQUESTED), types);
      assertFalse(context.validate(context.stateOf(context.idOf("c"))).isValid());
      assertThrows(IntegrityViolationException.class, () -> context.load(context.idOf("d")));
    }
  }

  @Test
  void failRestoreOfFailsOnlyThatCheckpointsRestoreAndChangesNothing() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").good("b").failRestoreOf("b").build()) {
      // when
      assertEquals("b", context.load(context.idOf("b")).attributes().get(ScriptedRecoveryContext.LABEL));
      assertThrows(StoreException.class, () -> context.restore(context.idOf("b")));
      // then
      assertEquals(ScriptedRecoveryContext.BROKEN, context.currentLabel());
      assertEquals(List.of(), context.written());
      assertEquals(List.of(), context.restores());
      context.restore(context.idOf("a"));
      assertEquals("a", context.currentLabel());
    }
  }

  @Test
  void failRestoreOfAnUnknownLabelIsRejectedWhenBuilt() {
    // given
    RecoveryScript builder = session().good("a").failRestoreOf("nope");
    // when
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    // then
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void failCheckpointsFailsEveryCheckpointAndWritesNothing() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").failCheckpoints().build()) {
      // when
      StoreException e = assertThrows(StoreException.class,
          () -> context.checkpoint(CheckpointType.RECOVERY_POINT, "after step x"));
      // then
      assertTrue(e.getMessage().contains("after step x"), e.getMessage());
      assertEquals(List.of(), context.written());
      assertEquals(1, context.checkpoints().size());
    }
  }

  @Test
  void restoresListsOnlyTheSuccessfulRestoresInOrder() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").corrupt("b").good("c").build()) {
      // when
      context.restore(context.idOf("c"));
      assertThrows(IntegrityViolationException.class, () -> context.restore(context.idOf("b")));
      context.restore(context.idOf("a"));
      // then
      assertEquals(List.of(context.idOf("c"), context.idOf("a")), context.restores());
    }
  }

  @Test
  void stateOfReturnsWhatACheckpointHoldsWithoutLoggingACall() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").corrupt("b").build()) {
      context.update(s -> s.with("x", 1L));
      Checkpoint written = context.checkpoint(CheckpointType.RECOVERY_POINT, "after step x");
      int calls = context.calls().size();
      // when
      var corrupt = context.stateOf(context.idOf("b"));
      var afterStep = context.stateOf(written.id());
      // then
      assertEquals("b", corrupt.attributes().get(ScriptedRecoveryContext.LABEL));
      assertEquals(1L, afterStep.attributes().get("x"));
      assertEquals(calls, context.calls().size());
      assertThrows(IllegalArgumentException.class, () -> context.stateOf(CheckpointId.of("x")));
    }
  }

  @Test
  void attemptsRecordsEveryFieldOfEachReportInOrder() {
    // given
    try (ScriptedRecoveryContext context = session().good("a").build()) {
      // when
      context.attempted(1, Optional.of("score"), Duration.ZERO, Optional.empty());
      context.attempted(2, Optional.of("score"), Duration.ofMillis(4), Optional.of("IllegalStateException: flaky"));
      // then
      assertEquals(List.of(
          new ScriptedRecoveryContext.Attempt(1, Optional.of("score"), Duration.ZERO, Optional.empty()),
          new ScriptedRecoveryContext.Attempt(2, Optional.of("score"), Duration.ofMillis(4),
              Optional.of("IllegalStateException: flaky"))), context.attempts());
    }
  }

  @Test
  void callersNamesEveryThreadThatUsedTheContextButNotTheReadBacks() throws Exception {
    // given
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (ScriptedRecoveryContext context = session().good("a").build()) {
      Thread otherThread = other.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
      context.currentLabel();
      context.written();
      assertEquals(Set.of(), context.callers(), "read-backs do not count");
      // when
      context.checkpoints();
      other.submit(context::sessionId).get(10, TimeUnit.SECONDS);
      // then
      assertEquals(Set.of(Thread.currentThread(), otherThread), context.callers());
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aGivenSchedulerIsUsedAndLeftRunningWhileTheContextsOwnIsStopped() {
    // given
    ScheduledExecutorService shared = Executors.newSingleThreadScheduledExecutor();
    try {
      ScriptedRecoveryContext withShared = session().good("a").scheduler(shared).build();
      ScriptedRecoveryContext withOwn = session().good("a").build();
      // when
      withShared.close();
      withOwn.close();
      // then
      assertEquals(shared, withShared.scheduler());
      assertFalse(shared.isShutdown(), "a given scheduler is the caller's to stop");
      assertTrue(withOwn.scheduler().isShutdown());
    } finally {
      shared.shutdownNow();
    }
  }

  @Test
  void theVirtualSchedulerRecordsEachWaitAndMovesTheClockWhenItFires() throws Exception {
    // given
    RecoveryConfig options = RecoveryConfig.custom().maxDelay(Duration.ofHours(1)).build();
    try (ScriptedRecoveryContext context = session().options(options).good("a").build()) {
      Instant start = context.manualClock().instant();
      // when
      context.scheduler().schedule(() -> { }, 5, TimeUnit.MINUTES).get(10, TimeUnit.SECONDS);
      context.scheduler().schedule(() -> { }, 1, TimeUnit.HOURS).get(10, TimeUnit.SECONDS);
      // then
      assertEquals(start.plus(Duration.ofMinutes(65)), context.manualClock().instant());
      assertEquals(List.of(Duration.ofMinutes(5), Duration.ofHours(1)), context.virtualScheduler().waits());
      assertEquals(List.of(), context.virtualScheduler().timeLimits());
    }
  }

  @Test
  void aTimeLimitFiresWhileAScriptedStepHangsAndCutsItAtItsDueTime() throws Exception {
    // given a step that hangs, run on another thread, and a time limit of two hours
    RecoveryConfig options = RecoveryConfig.custom().maxDelay(Duration.ofMinutes(1)).build();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (ScriptedRecoveryContext context = session().options(options).good("a").step("slow", ScriptedAttempt.HANG)
        .build()) {
      SessionState input = context.currentState();
      Future<?> running = other.submit(() -> context.steps().get(0).action().apply(input));
      // when
      context.scheduler().schedule(() -> running.cancel(true), 2, TimeUnit.HOURS).get(10, TimeUnit.SECONDS);
      // then
      assertEquals(List.of(Duration.ofHours(2)), context.virtualScheduler().timeLimits());
      StepRun run = awaitEnd(context);
      assertEquals(StepRun.Status.CUT, run.status());
      assertEquals(Duration.ofHours(2), Duration.between(run.started(), run.ended().orElseThrow()));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void scriptedStepsBehaveAsScriptedAndRecordEachCall() throws Exception {
    // given
    try (ScriptedRecoveryContext context = session().good("a").step("score", ScriptedAttempt.FAIL,
        ScriptedAttempt.SUCCEED).build()) {
      RecoveryStep step = context.failure().steps().get(0);
      SessionState input = context.currentState();
      // when
      IllegalStateException first = assertThrows(IllegalStateException.class, () -> step.action().apply(input));
      SessionState second = step.action().apply(input);
      // then
      assertTrue(first.getMessage().contains("'score' at attempt 1"), first.getMessage());
      assertEquals("attempt 2", second.attributes().get("score"));
      assertEquals("/score", second.attributes().get(ScriptedRecoveryContext.TRAIL));
      assertEquals(List.of(StepRun.Status.FAILED, StepRun.Status.SUCCEEDED),
          context.stepRuns().stream().map(StepRun::status).toList());
      assertEquals(input, context.stepRuns().get(1).input());
    }
  }

  @Test
  void idPrefixNamesTheIdsAndLoadTakesMovesTheClock() {
    // given
    try (ScriptedRecoveryContext context = session().idPrefix("run-7").loadTakes(Duration.ofMinutes(3)).good("a")
        .good("b").build()) {
      Instant start = context.manualClock().instant();
      // when
      context.load(context.idOf("b"));
      // then
      assertEquals(CheckpointId.of("run-7-2"), context.idOf("b"));
      assertEquals(start.plus(Duration.ofMinutes(3)), context.manualClock().instant());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session().idPrefix("a/b"));
      assertTrue(e.getMessage().contains("a/b"), e.getMessage());
    }
  }

  /** A strategy that waits an hour on the context's scheduler; interrupted, it takes {@code stopping} to stop. */
  private static RecoveryStrategy waitingAnHour(Duration stopping) {
    return new RecoveryStrategy() {
      @Override
      public String name() {
        return "WAITING";
      }

      @Override
      public RecoveryResult recover(RecoveryContext context) {
        try {
          context.scheduler().schedule(() -> { }, 1, TimeUnit.HOURS).get();
          return RecoveryResult.succeeded(context.sessionId(), name(), context.failure().type()).message("waited").build();
        } catch (InterruptedException | ExecutionException e) {
          java.util.concurrent.locks.LockSupport.parkNanos(stopping.toNanos()); // the flag is clear meanwhile
          Thread.currentThread().interrupt();
          return RecoveryResult.failed(context.sessionId(), name(), context.failure().type()).message("interrupted").build();
        }
      }
    };
  }

  @Test
  void interruptDuringWaitInterruptsTheRecoveringThreadAndHoldsTheWait() {
    // given a strategy that waits an hour on the context's scheduler
    RecoveryConfig options = RecoveryConfig.custom().maxDelay(Duration.ofHours(1)).build();
    try (ScriptedRecoveryContext context = session().options(options).good("a").interruptDuringWait(1).build()) {
      Instant start = context.manualClock().instant();
      // when
      AtomicBoolean interrupted = new AtomicBoolean();
      RecoveryResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        RecoveryResult r = context.recoverWith(waitingAnHour(Duration.ZERO));
        interrupted.set(Thread.interrupted());
        return r;
      });
      // then
      assertTrue(interrupted.get(), "the recovering thread was interrupted and kept the flag");
      assertEquals("interrupted", result.message());
      assertEquals(start, context.manualClock().instant(), "the interrupted wait never fired");
    }
  }

  @Test
  void anInterruptedWaitStaysHeldWhileTheStrategyHandlesTheInterruptWithTheFlagCleared() {
    // given a strategy that, once its wait is interrupted, takes 50 ms (flag cleared) before setting the flag again
    RecoveryConfig options = RecoveryConfig.custom().maxDelay(Duration.ofHours(1)).build();
    try (ScriptedRecoveryContext context = session().options(options).good("a").interruptDuringWait(1).build()) {
      Instant start = context.manualClock().instant();
      // when
      RecoveryResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        RecoveryResult r = context.recoverWith(waitingAnHour(Duration.ofMillis(50)));
        Thread.interrupted();
        return r;
      });
      // then the wait never fired in the window where the flag was clear
      assertEquals("interrupted", result.message());
      assertEquals(start, context.manualClock().instant(), "the interrupted wait fired while the strategy stopped");
      assertEquals(0, context.virtualScheduler().idleFirings());
    }
  }

  @Test
  void stepsAndAFailureWithStepsCannotBeScriptedTogether() {
    // given
    RecoveryScript script = session().good("a").step("x")
        .failure(Failure.of(FailureType.TIMEOUT, "slow").withSteps(List.of(RecoveryStep.of("y", s -> s))));
    // when
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, script::build);
    // then
    assertTrue(e.getMessage().contains("one or the other"), e.getMessage());
  }

  private static StepRun awaitEnd(ScriptedRecoveryContext context) throws InterruptedException {
    for (int i = 0; i < 1000 && context.stepRuns().get(0).status() == StepRun.Status.RUNNING; i++) {
      Thread.sleep(5);
    }
    return context.stepRuns().get(0);
  }
}
