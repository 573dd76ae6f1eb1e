package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

/**
 * Prove a {@link RecoveryStrategy} right: extend this class and implement {@link #createStrategy}. The
 * cases drive the strategy through a {@link ScriptedRecoveryContext} and hold for IMMEDIATE, DECOMPOSE
 * and PROGRESSIVE alike: a good checkpoint is restored on success, corrupt or invalid candidates are
 * never restored, a failed restore leaves no partial state and is reported as a FAILURE result (never
 * an exception), and the result's fields are right. Strategies that replay steps turn on the Steps
 * group with {@link #replaysSteps()}.
 */
@ExtendWith(ContractSummaryExtension.class)
public abstract class RecoveryStrategyContract {
  private static final String SESSION = "strategy-session";
  private final List<ScriptedRecoveryContext> contexts = new java.util.ArrayList<>();

  /** Create the contract; JUnit instantiates the subclass. */
  protected RecoveryStrategyContract() {}

  /**
   * Create the strategy under test.
   *
   * @param config the recovery options, from {@link #config()}
   * @return the strategy
   */
  protected abstract RecoveryStrategy createStrategy(RecoveryConfig config);

  /**
   * Return the options the cases run with: no waits between retries, two attempts per step.
   *
   * @return the options
   */
  protected RecoveryConfig config() {
    return RecoveryConfig.custom().maxAttempts(2).initialDelay(Duration.ZERO).maxDelay(Duration.ZERO)
        .stepTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Tell whether the strategy replays the failed operation's steps (DECOMPOSE), which turns on the
   * Steps group.
   *
   * @return true to run the step cases
   */
  protected boolean replaysSteps() {
    return false;
  }

  RecoveryScript session() {
    return ScriptedRecoveryContext.forSession(SESSION).options(config());
  }

  ScriptedRecoveryContext track(ScriptedRecoveryContext context) {
    contexts.add(context);
    return context;
  }

  RecoveryResult recover(ScriptedRecoveryContext context) {
    track(context);
    return assertDoesNotThrow(() -> createStrategy(config()).recover(context),
        "a strategy must report a failed recovery as a FAILURE result, not throw");
  }

  @AfterEach
  final void closeContexts() {
    contexts.forEach(ScriptedRecoveryContext::close);
  }

  /** Outcomes and result fields. */
  @Nested
  @DisplayName("Outcomes")
  class Outcomes {
    @Test
    void recoveringWithGoodCheckpointsSucceedsAndRestoresOneOfThem() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").good("c3").build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
      assertTrue(result.restored().isPresent(), "a successful recovery names the checkpoint it restored");
      assertEquals(result.restored().get(), ctx.idOf(ctx.currentLabel()), "the current state is the restored one");
      assertTrue(ctx.calls().contains("restore:" + result.restored().get()), "restore must go through the context");
    }

    @Test
    void theResultNamesTheStrategySessionAndFailureType() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").failure(Failure.of(FailureType.TIMEOUT, "too slow")).build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(createStrategy(config()).name(), result.strategy());
      assertEquals(SESSION, result.sessionId());
      assertEquals(FailureType.TIMEOUT, result.failure());
    }

    @Test
    void theDurationIsNotNegativeAndTheMessageIsNotBlank() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertFalse(result.duration().isNegative(), () -> "duration " + result.duration());
      assertFalse(result.message().isBlank(), "the message says what happened");
    }

    @Test
    void aSuccessfulRecoveryNamesTheRecoveryPointItWrote() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertTrue(result.recoveryPoint().isPresent(), "success names its RECOVERY_POINT");
      assertTrue(ctx.written().stream().anyMatch(c -> c.id().equals(result.recoveryPoint().get())
          && c.type() == CheckpointType.RECOVERY_POINT), () -> "not a written RECOVERY_POINT: " + ctx.written());
    }

    @Test
    void aSessionWithoutCheckpointsFailsWithoutThrowing() {
      // given
      ScriptedRecoveryContext ctx = session().build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.FAILURE, result.outcome());
      assertEquals(ScriptedRecoveryContext.BROKEN, ctx.currentLabel());
    }

    @Test
    void oneStrategyRecoversTwoSessionsAtOnce() throws Exception {
      // given
      RecoveryStrategy strategy = createStrategy(config());
      ScriptedRecoveryContext a = track(ScriptedRecoveryContext.forSession("a").options(config()).good("a1").build());
      ScriptedRecoveryContext b = track(ScriptedRecoveryContext.forSession("b").options(config()).good("b1").build());
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        // when
        Future<RecoveryResult> fa = pool.submit(() -> {
          start.await();
          return strategy.recover(a);
        });
        Future<RecoveryResult> fb = pool.submit(() -> {
          start.await();
          return strategy.recover(b);
        });
        start.countDown();
        // then
        assertEquals(Outcome.SUCCESS, fa.get(60, TimeUnit.SECONDS).outcome());
        assertEquals(Outcome.SUCCESS, fb.get(60, TimeUnit.SECONDS).outcome());
        assertEquals(List.of("a1", "b1"), List.of(a.currentLabel(), b.currentLabel()));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Corrupt and invalid candidates. */
  @Nested
  @DisplayName("Integrity")
  class Integrity {
    @Test
    void aCorruptNewestCheckpointIsSkippedForAnOlderGoodOne() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").corrupt("c3").build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
      assertNotEquals("c3", ctx.currentLabel());
      assertNotEquals(ScriptedRecoveryContext.BROKEN, ctx.currentLabel());
    }

    @Test
    void onlyCorruptCheckpointsGiveFailureAndLeaveTheStateAlone() {
      // given
      ScriptedRecoveryContext ctx = session().corrupt("c1").corrupt("c2").build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.FAILURE, result.outcome());
      assertEquals(ScriptedRecoveryContext.BROKEN, ctx.currentLabel());
      assertTrue(result.restored().isEmpty() && result.recoveryPoint().isEmpty(), result::toString);
    }

    @Test
    void aCheckpointThatFailsValidationIsNotRestored() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").invalid("c3").build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
      assertNotEquals("c3", ctx.currentLabel(), "an invalid state was restored");
    }
  }

  /** Failed restores leave nothing behind. */
  @Nested
  @DisplayName("NoPartialState")
  class NoPartialState {
    @Test
    void aFailingRestoreGivesAFailureResult() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").failRestores().build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertNotEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    }

    @Test
    void aFailingRestoreLeavesTheStateAsItWas() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").good("c2").failRestores().build();
      long revision = ctx.currentState().revision();
      // when
      recover(ctx);
      // then
      assertEquals(ScriptedRecoveryContext.BROKEN, ctx.currentLabel(), "state changed by a failed recovery");
      assertEquals(revision, ctx.currentState().revision(), "state updated by a failed recovery");
    }

    @Test
    void aFailedRecoveryWritesNoRecoveryPoint() {
      // given
      ScriptedRecoveryContext ctx = session().good("c1").failRestores().build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertTrue(result.recoveryPoint().isEmpty(), result::toString);
      assertTrue(ctx.written().stream().noneMatch(c -> c.type() == CheckpointType.RECOVERY_POINT), ctx.written()::toString);
    }
  }

  /** Step replay, for strategies that declare {@link #replaysSteps()}. */
  @Nested
  @DisplayName("Steps")
  class Steps {
    @org.junit.jupiter.api.BeforeEach
    void requireSteps() {
      assumeTrue(replaysSteps(), "the strategy does not replay steps (replaysSteps() is false)");
    }

    @Test
    void stepsThatSucceedAreReplayedOntoTheRestoredState() {
      // given
      Failure failure = Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "step failed")
          .withSteps(List.of(RecoveryStep.of("one", s -> s.with("one", true)), RecoveryStep.of("two", s -> s.with("two", true))));
      ScriptedRecoveryContext ctx = session().good("c1").failure(failure).build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
      assertEquals(List.of(true, true), List.of(ctx.currentState().get("one").orElse(false),
          ctx.currentState().get("two").orElse(false)));
    }

    @Test
    void aStepThatExhaustsItsAttemptsGivesPartialNamingTheStep() {
      // given
      Failure failure = Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "step failed")
          .withSteps(List.of(RecoveryStep.of("ok", s -> s.with("ok", true)), RecoveryStep.of("doomed", s -> {
            throw new IllegalStateException("always fails");
          })));
      ScriptedRecoveryContext ctx = session().good("c1").failure(failure).build();
      // when
      RecoveryResult result = recover(ctx);
      // then
      assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
      assertEquals(java.util.Optional.of("doomed"), result.failedStep());
      assertTrue(ctx.calls().stream().filter(c -> c.startsWith("attempted:")).count() >= config().maxAttempts(),
          () -> "every attempt is recorded through attempted(): " + ctx.calls());
    }
  }
}
