package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Check the outcome and the result's fields, and that one strategy serves two sessions at once. */
abstract class StrategyOutcomeCases extends StrategyCases {
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
    assertEquals(contract().createStrategy(ctx.options()).name(), result.strategy());
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
    RecoveryStrategy strategy = contract().createStrategy(contract().config());
    ScriptedRecoveryContext a = track(session("a", contract().config()).good("a1").build());
    ScriptedRecoveryContext b = track(session("b", contract().config()).good("b1").build());
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // when
      Future<RecoveryResult> fa = pool.submit(() -> {
        start.await();
        return a.recoverWith(strategy);
      });
      Future<RecoveryResult> fb = pool.submit(() -> {
        start.await();
        return b.recoverWith(strategy);
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
