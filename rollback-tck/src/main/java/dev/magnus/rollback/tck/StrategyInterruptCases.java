package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check that a recovery interrupted before or during a wait stops: no further attempt nor step, a
 * FAILURE or PARTIAL result (naming the interrupted step) whose message contains "interrupt", the
 * state of the newest committed checkpoint, and the interrupt flag still set when it returns. The
 * wait is an hour of virtual time, so only a strategy that stops by itself returns in time.
 */
abstract class StrategyInterruptCases extends StrategyCases {
  @BeforeEach
  void requireSteps() {
    requireKind(StrategyKind.STEP_REPLAY);
  }

  private RecoveryScript threeSteps(String sessionId, ScriptedAttempt... middle) {
    return session(sessionId, retrying(3, Duration.ofHours(1), 2.0, Duration.ofHours(4), Duration.ofHours(8)))
        .good("c1").step("detect").step("call-model", middle).step("route");
  }

  @Test
  void anInterruptDuringAWaitStopsTheRecoveryAndKeepsTheFlag() {
    // given the recovering thread is interrupted while it waits before the second attempt of call-model
    ScriptedRecoveryContext ctx = threeSteps("during", ScriptedAttempt.FAIL, ScriptedAttempt.SUCCEED)
        .interruptDuringWait(1).build();
    // when
    Recovery recovery = run(ctx);
    // then
    assertStopped(ctx, recovery);
  }

  @Test
  void anInterruptBeforeAWaitStopsTheRecoveryAndKeepsTheFlag() {
    // given the first attempt of call-model interrupts the recovering thread, then fails
    ScriptedRecoveryContext ctx = threeSteps("before", ScriptedAttempt.INTERRUPT_RECOVERY_AND_FAIL,
        ScriptedAttempt.SUCCEED).build();
    // when
    Recovery recovery = run(ctx);
    // then
    assertStopped(ctx, recovery);
  }

  private void assertStopped(ScriptedRecoveryContext ctx, Recovery recovery) {
    RecoveryResult result = recovery.result();
    assertTrue(recovery.interruptFlagSet(), "the recovering thread's interrupt flag must still be set on return");
    assertNotEquals(Outcome.SUCCESS, result.outcome(), () -> "an interrupted recovery is not a success: " + result);
    assertTrue(result.message().toLowerCase(Locale.ROOT).contains("interrupt"),
        () -> "the message must say the recovery was interrupted: " + result.message());
    if (result.outcome() == Outcome.PARTIAL) {
      assertEquals(Optional.of("call-model"), result.failedStep(), "PARTIAL names the interrupted step");
    }
    assertEquals(1, runsOf(ctx, "call-model").size(), "no attempt may start after the interrupt");
    assertEquals(List.of(), runsOf(ctx, "route"), "no step may run after the interrupt");
    List<Checkpoint> points = recoveryPoints(ctx);
    if (points.isEmpty()) {
      assertEquals(ScriptedRecoveryContext.BROKEN, ctx.currentLabel(), "nothing committed, nothing changed");
    } else {
      assertEquals(attributesOf(ctx, points.get(points.size() - 1)), ctx.currentState().attributes(),
          "the session holds the state of its newest RECOVERY_POINT, nothing half-applied");
    }
    assertFalse(ctx.currentState().attributes().containsKey("call-model"), "the interrupted step's output is not applied");
  }
}
