package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Check that a result's duration is measured on the context's clock: here every load and restore
 * takes a minute of virtual time and waits take hours, while the real time spent is milliseconds.
 */
abstract class StrategyClockCases extends StrategyCases {
  @Test
  void theDurationIsTheVirtualTimeTheRecoveryTook() {
    // given
    ScriptedRecoveryContext ctx = session().loadTakes(Duration.ofMinutes(1)).good("c1").invalid("c2").good("c3")
        .corrupt("c4").build();
    // when
    Recovery recovery = run(ctx);
    // then
    assertEquals(Outcome.SUCCESS, recovery.result().outcome(), recovery.result()::toString);
    assertTrue(recovery.virtualElapsed().compareTo(Duration.ofMinutes(2)) >= 0, "every load takes a minute");
    assertEquals(recovery.virtualElapsed(), recovery.result().duration(),
        "the duration must be measured with context.clock(), from the start of recover to its result");
  }

  @Test
  void theDurationOfAReplayIncludesItsWaitsOnTheContextsClock() {
    // given
    requireKind(StrategyKind.STEP_REPLAY);
    ScriptedRecoveryContext ctx = session("clock", retrying(3, Duration.ofHours(1), 2.0, Duration.ofHours(4),
        Duration.ofHours(8))).loadTakes(Duration.ofMinutes(1)).good("c1").good("c2")
        .step("fetch", ScriptedAttempt.FAIL, ScriptedAttempt.FAIL, ScriptedAttempt.SUCCEED).build();
    // when
    Recovery recovery = run(ctx);
    // then
    assertEquals(Outcome.SUCCESS, recovery.result().outcome(), recovery.result()::toString);
    assertTrue(recovery.virtualElapsed().compareTo(Duration.ofHours(3)) >= 0, "waits of one and two hours");
    assertEquals(recovery.virtualElapsed(), recovery.result().duration(),
        "the duration must be measured with context.clock(), waits included");
  }
}
