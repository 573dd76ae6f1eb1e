package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import org.junit.jupiter.api.Test;

/** Check that corrupt and invalid candidates are never restored. */
abstract class StrategyIntegrityCases extends StrategyCases {
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
