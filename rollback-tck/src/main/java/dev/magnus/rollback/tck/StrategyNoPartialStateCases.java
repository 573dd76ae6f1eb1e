package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import org.junit.jupiter.api.Test;

/** Check that a failed restore leaves nothing behind and is reported as a result. */
abstract class StrategyNoPartialStateCases extends StrategyCases {
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
