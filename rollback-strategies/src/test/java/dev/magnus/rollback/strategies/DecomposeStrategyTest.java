package dev.magnus.rollback.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.tck.RecoveryScript;
import dev.magnus.rollback.tck.ScriptedRecoveryContext;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecomposeStrategyTest {
  /** 3 attempts, waits 4 ms then 8 ms; a generous step limit that only a hanging step reaches. */
  private static final RecoveryConfig FAST = RecoveryConfig.custom()
      .maxAttempts(3)
      .initialDelay(Duration.ofMillis(4))
      .backoffMultiplier(2.0)
      .maxDelay(Duration.ofMillis(50))
      .stepTimeout(Duration.ofSeconds(10))
      .build();

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService steps = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    scheduler.shutdownNow();
    steps.shutdownNow();
  }

  @Test
  void retriesAFlakyStepUntilItSucceeds() {
    // given a step that fails twice, then succeeds
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep flaky = RecoveryStep.of("score", s -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky " + calls.get());
      }
      return s.with("score", 42L);
    });
    ScriptedRecoveryContext context = sessionFailing(FailureType.SCORING_CALCULATION_ERROR, flaky);

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
    assertEquals(3, calls.get());
    assertEquals(List.of(
        new ScriptedRecoveryContext.Attempt(1, Optional.of("score"), Duration.ZERO, Optional.empty()),
        new ScriptedRecoveryContext.Attempt(2, Optional.of("score"), Duration.ofMillis(4),
            Optional.of("IllegalStateException: flaky 1")),
        new ScriptedRecoveryContext.Attempt(3, Optional.of("score"), Duration.ofMillis(8),
            Optional.of("IllegalStateException: flaky 2"))), StepAttempts.of(context));
    assertEquals(1 + 3, result.attempts(), "one restore plus three step attempts");
    assertEquals(42L, context.currentState().attributes().get("score"));
    Checkpoint after = newestWritten(context);
    assertEquals(CheckpointType.RECOVERY_POINT, after.type());
    assertEquals("after step score", after.description());
    assertEquals(Optional.of(after.id()), result.recoveryPoint());
    assertEquals(Optional.of(context.idOf("c3")), result.restored());
    assertTrue(result.message().contains("score (3 attempts)"), result.message());
  }

  @Test
  void replaysStepsInOrderEachOnTheStateTheLastOneLeft() {
    // given
    RecoveryStep first = RecoveryStep.of("detect", s -> s.with("x", 1L));
    RecoveryStep second = RecoveryStep.of("route", s -> s.with("y", (Long) s.attributes().get("x") + 1));
    ScriptedRecoveryContext context = sessionFailing(FailureType.PATTERN_DETECTION_ERROR, first, second);

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
    assertEquals(2L, context.currentState().attributes().get("y"));
    List<String> descriptions = context.written().stream().map(Checkpoint::description).toList();
    assertEquals(List.of("after step detect", "after step route"),
        descriptions.subList(descriptions.size() - 2, descriptions.size()));
    assertEquals(context.currentState().attributes(), context.stateOf(newestWritten(context).id()).attributes());
  }

  @Test
  void reportsPartialAndKeepsTheStateAfterTheLastGoodStepWhenAStepAlwaysFails() {
    // given
    AtomicInteger downCalls = new AtomicInteger();
    AtomicInteger laterCalls = new AtomicInteger();
    RecoveryStep good = RecoveryStep.of("detect", s -> s.with("x", 1L));
    RecoveryStep down = RecoveryStep.of("call-model", s -> {
      downCalls.incrementAndGet();
      throw new IllegalStateException("model down");
    });
    RecoveryStep later = RecoveryStep.of("score", s -> {
      laterCalls.incrementAndGet();
      return s;
    });
    ScriptedRecoveryContext context = sessionFailing(FailureType.EXTERNAL_SERVICE_ERROR, good, down, later);

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result.message());
    assertEquals(Optional.of("call-model"), result.failedStep());
    assertEquals(3, downCalls.get());
    assertEquals(0, laterCalls.get());
    Checkpoint afterGood = context.written().stream()
        .filter(c -> c.description().equals("after step detect")).findFirst().orElseThrow();
    assertEquals(context.stateOf(afterGood.id()).attributes(), context.currentState().attributes());
    assertEquals(Optional.of(afterGood.id()), result.restored());
    assertEquals(Optional.of(newestWritten(context).id()), result.recoveryPoint());
    assertEquals(Optional.of(afterGood.id().value()), newestWritten(context).label(Checkpoint.RESTORED_FROM));
    assertTrue(result.message().contains("'call-model' failed after 3 attempts"), result.message());
    assertTrue(result.message().contains("IllegalStateException: model down"), result.message());
    assertEquals(1 + 3, StepAttempts.of(context).size(), "every attempt of 'detect' and 'call-model' is reported");
  }

  @Test
  void restoresTheInitiallyRestoredCheckpointWhenTheFirstStepFails() {
    // given
    RecoveryStep down = RecoveryStep.of("call-model", s -> {
      throw new IllegalStateException("model down");
    });
    ScriptedRecoveryContext context = sessionFailing(FailureType.EXTERNAL_SERVICE_ERROR, down);

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.PARTIAL, result.outcome());
    assertEquals(Optional.of(context.idOf("c3")), result.restored());
    assertEquals(context.stateOf(context.idOf("c3")).attributes(), context.currentState().attributes());
    assertEquals(List.of(context.idOf("c3"), context.idOf("c3")), context.restores());
  }

  @Test
  void countsAHangingStepAsATimedOutAttemptAndInterruptsIt() {
    // given a step that waits forever unless interrupted
    AtomicInteger started = new AtomicInteger();
    Semaphore interrupted = new Semaphore(0);
    RecoveryStep hang = RecoveryStep.of("hang", s -> {
      started.incrementAndGet();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.release();
        throw e;
      }
      return s;
    });
    RecoveryConfig limited = RecoveryConfig.from(FAST).maxAttempts(2).initialDelay(Duration.ofMillis(1))
        .stepTimeout(Duration.ofMillis(100)).build();
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, hang);

    // when
    RecoveryResult result = decompose(limited).recover(context);

    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result.message());
    assertEquals(Optional.of("hang"), result.failedStep());
    assertTrue(result.message().contains("after 2 attempts"), result.message());
    assertTrue(result.message().contains("TimeoutException"), result.message());
    assertEquals(2, StepAttempts.of(context).size());
    assertTrue(StepAttempts.of(context).get(1).cause().orElseThrow().contains("TimeoutException"));
    assertTrue(await(interrupted, started.get()), "every started attempt is interrupted when its time is up");
  }

  @Test
  void aStepIsNeverRunAgainAfterItsRecoveryWasInterruptedAndReturned() throws Exception {
    // given a step that always fails, retried after 150 ms, and a recovery interrupted while it waits
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch firstCall = new CountDownLatch(1);
    RecoveryStep failing = RecoveryStep.of("call-model", s -> {
      calls.incrementAndGet();
      firstCall.countDown();
      throw new IllegalStateException("model down");
    });
    RecoveryConfig slowRetry = RecoveryConfig.from(FAST).maxAttempts(3).initialDelay(Duration.ofMillis(150))
        .maxDelay(Duration.ofMillis(150)).build();
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, failing);
    Thread recovering = Thread.currentThread();
    steps.execute(() -> {
      try {
        firstCall.await();
        Thread.sleep(30);
        recovering.interrupt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    // when
    RecoveryResult result = decompose(slowRetry).recover(context);
    boolean flagKept = Thread.interrupted();
    int callsWhenReturned = calls.get();
    Thread.sleep(600);
    // then the retries that were already scheduled never ran the user's step
    assertTrue(flagKept, "the interrupt flag is kept");
    assertTrue(result.message().toLowerCase(java.util.Locale.ROOT).contains("interrupt"), result.message());
    assertEquals(callsWhenReturned, calls.get(), "calls after the recovery returned");
  }

  @Test
  void doesNotRetryAValidationErrorByDefault() {
    // given
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep invalid = RecoveryStep.of("validate", s -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("bad input");
    });
    ScriptedRecoveryContext context = sessionFailing(FailureType.VALIDATION_ERROR, invalid);

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.PARTIAL, result.outcome());
    assertEquals(1, calls.get());
    assertEquals(
        List.of(new ScriptedRecoveryContext.Attempt(1, Optional.of("validate"), Duration.ZERO, Optional.empty())),
        StepAttempts.of(context), "the one attempt is reported, and no retry");
    assertTrue(result.message().contains("after 1 attempt "), result.message());
  }

  @Test
  void retriesAValidationErrorWhenTheConfigurationSaysSo() {
    // given
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep invalid = RecoveryStep.of("validate", s -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("bad input");
    });
    RecoveryConfig all = RecoveryConfig.from(FAST).retryOn(EnumSet.allOf(FailureType.class)).build();
    ScriptedRecoveryContext context = sessionFailing(FailureType.VALIDATION_ERROR, invalid);

    // when
    decompose(all).recover(context);

    // then
    assertEquals(3, calls.get());
  }

  @Test
  void capsEachWaitAtTheMaximumDelay() {
    // given
    RecoveryStep down = RecoveryStep.of("down", s -> {
      throw new IllegalStateException("down");
    });
    RecoveryConfig capped = RecoveryConfig.from(FAST).maxAttempts(4).initialDelay(Duration.ofMillis(2)).backoffMultiplier(3.0)
        .maxDelay(Duration.ofMillis(5)).build();
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, down);

    // when
    decompose(capped).recover(context);

    // then
    assertEquals(List.of(Duration.ZERO, Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(5)),
        StepAttempts.of(context).stream().map(ScriptedRecoveryContext.Attempt::waitBefore).toList());
  }

  @Test
  void retriesAtOnceWhenTheInitialDelayIsZero() {
    // given
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep flaky = RecoveryStep.of("flaky", s -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky");
      }
      return s;
    });
    RecoveryConfig noWait = RecoveryConfig.from(FAST).initialDelay(Duration.ZERO).maxDelay(Duration.ZERO).build();
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, flaky);

    // when
    RecoveryResult result = decompose(noWait).recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
    assertEquals(3, calls.get());
    assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO),
        StepAttempts.of(context).stream().map(ScriptedRecoveryContext.Attempt::waitBefore).toList());
  }

  @Test
  void countsAStepThatReturnsNullAsAFailedAttempt() {
    // given
    RecoveryStep none = RecoveryStep.of("none", s -> null);
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, none);

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.PARTIAL, result.outcome());
    assertTrue(result.message().contains("returned null"), result.message());
  }

  @Test
  void reportsPartialAndRollsTheStepBackWhenItsCheckpointCannotBeWritten() {
    // given
    RecoveryStep step = RecoveryStep.of("detect", s -> s.with("x", 1L));
    ScriptedRecoveryContext context = script(FailureType.PATTERN_DETECTION_ERROR, step)
        .good("c1").good("c2").good("c3").failCheckpoints().build();

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.PARTIAL, result.outcome());
    assertEquals(Optional.of("detect"), result.failedStep());
    assertTrue(result.message().contains("StoreException"), result.message());
    assertEquals(context.stateOf(context.idOf("c3")).attributes(), context.currentState().attributes());
  }

  @Test
  void runsStepsOnTheModulesOwnThreadsWhenNoExecutorIsGiven() {
    // given
    AtomicReference<String> thread = new AtomicReference<>();
    RecoveryStep step = RecoveryStep.of("where", s -> {
      thread.set(Thread.currentThread().getName());
      return s;
    });
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, step);

    // when
    RecoveryResult result = Strategies.decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertTrue(thread.get().startsWith("rollback-recovery-step-"), thread.get());
  }

  @Test
  void behavesAsImmediateWhenTheFailureHasNoSteps() {
    // given
    ScriptedRecoveryContext context = script(FailureType.STATE_CORRUPTION).good("c1").good("c2").corrupt("c3").build();

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(Optional.of(context.idOf("c2")), result.restored());
    assertEquals(Optional.of(newestWritten(context).id()), result.recoveryPoint());
    assertEquals(1, result.attempts());
    assertEquals(2, result.validations());
    assertEquals(List.of(Optional.of("restore " + context.idOf("c3")), Optional.of("restore " + context.idOf("c2"))),
        context.attempts().stream().map(ScriptedRecoveryContext.Attempt::step).toList(),
        "the rejected candidate and the restored one are each one reported attempt");
  }

  @Test
  void runsNoStepWhenNoCheckpointIsGood() {
    // given
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep step = RecoveryStep.of("count", s -> {
      calls.incrementAndGet();
      return s;
    });
    ScriptedRecoveryContext context =
        script(FailureType.TIMEOUT, step).corrupt("c1").corrupt("c2").corrupt("c3").build();
    SessionState before = context.currentState();

    // when
    RecoveryResult result = decompose(FAST).recover(context);

    // then
    assertEquals(Outcome.FAILURE, result.outcome());
    assertEquals(0, calls.get());
    assertEquals(before, context.currentState());
  }

  @Test
  void usesTheContextOnlyFromTheRecoveringThread() {
    // given retry events that Resilience4j publishes on scheduler threads
    AtomicInteger calls = new AtomicInteger();
    RecoveryStep flaky = RecoveryStep.of("flaky", s -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky");
      }
      return s;
    });
    ScriptedRecoveryContext context = sessionFailing(FailureType.TIMEOUT, flaky);

    // when
    decompose(FAST).recover(context);

    // then
    assertEquals(3, StepAttempts.of(context).size());
    assertEquals(Set.of(Thread.currentThread()), context.callers());
  }

  /** A session failed by an operation of these steps, with good checkpoints c1, c2, c3 and a broken current state. */
  private ScriptedRecoveryContext sessionFailing(FailureType type, RecoveryStep... operation) {
    return script(type, operation).good("c1").good("c2").good("c3").build();
  }

  /** A session failed by an operation of these steps, its checkpoints left to the caller. */
  private RecoveryScript script(FailureType type, RecoveryStep... operation) {
    return ScriptedRecoveryContext.forSession("s-1").scheduler(scheduler)
        .failure(Failure.of(type, "operation failed").withSteps(List.of(operation)));
  }

  private static Checkpoint newestWritten(ScriptedRecoveryContext context) {
    List<Checkpoint> written = context.written();
    return written.get(written.size() - 1);
  }

  private RecoveryStrategy decompose(RecoveryConfig config) {
    return Strategies.decompose(config, steps);
  }

  private static boolean await(Semaphore semaphore, int permits) {
    try {
      return semaphore.tryAcquire(permits, 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
