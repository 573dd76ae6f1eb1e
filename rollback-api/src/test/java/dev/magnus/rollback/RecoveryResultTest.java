package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The factories name every value of a recovery result; the builder starts from empty and zero. */
class RecoveryResultTest {
  private static final CheckpointId GOOD = CheckpointId.of("good");
  private static final CheckpointId POINT = CheckpointId.of("point");

  @Test
  void succeededSetsTheOutcomeAndEveryNamedValue() {
    // when
    RecoveryResult result = RecoveryResult.succeeded("s1", "IMMEDIATE", FailureType.TIMEOUT).restored(GOOD)
        .recoveryPoint(POINT).attempts(2).validations(3).message("restored good").duration(Duration.ofMillis(7))
        .build();
    // then
    assertEquals(new RecoveryResult("s1", "IMMEDIATE", FailureType.TIMEOUT, Outcome.SUCCESS, Optional.of(GOOD),
        Optional.of(POINT), 2, 3, Optional.empty(), "restored good", Duration.ofMillis(7)), result);
    assertTrue(result.succeeded());
  }

  @Test
  void partialNamesTheFailedStepAndFailedStartsEmpty() {
    // when
    RecoveryResult partial = RecoveryResult.partial("s1", "DECOMPOSE", FailureType.TIMEOUT, "score").restored(GOOD)
        .message("step 'score' failed").build();
    RecoveryResult failed = RecoveryResult.failed("s1", "PROGRESSIVE", FailureType.STATE_CORRUPTION)
        .message("nothing good").build();
    // then
    assertEquals(Outcome.PARTIAL, partial.outcome());
    assertEquals(Optional.of("score"), partial.failedStep());
    assertEquals(new RecoveryResult("s1", "PROGRESSIVE", FailureType.STATE_CORRUPTION, Outcome.FAILURE,
        Optional.empty(), Optional.empty(), 0, 0, Optional.empty(), "nothing good", Duration.ZERO), failed);
  }

  @Test
  void fromCopiesEveryValueAndLetsSomeChange() {
    // given
    RecoveryResult original = RecoveryResult.builder("s1", "DECOMPOSE", FailureType.TIMEOUT, Outcome.SUCCESS)
        .restored(GOOD).recoveryPoint(POINT).attempts(4).validations(1).message("ok").duration(Duration.ofSeconds(1))
        .build();
    // when
    RecoveryResult copy = RecoveryResult.from(original).build();
    RecoveryResult changed = RecoveryResult.from(original).outcome(Outcome.PARTIAL).failedStep("call").build();
    // then
    assertEquals(original, copy);
    assertEquals(Outcome.PARTIAL, changed.outcome());
    assertEquals(Optional.of("call"), changed.failedStep());
    assertEquals(original.restored(), changed.restored());
  }

  @Test
  void aResultWithoutAMessageIsRefusedAtBuild() {
    // given
    RecoveryResult.Builder silent = RecoveryResult.failed("s1", "IMMEDIATE", FailureType.TIMEOUT);
    // when
    IllegalStateException e = assertThrows(IllegalStateException.class, silent::build);
    // then
    assertEquals("the recovery result of session 's1' by IMMEDIATE has no message: set one saying what recovery did",
        e.getMessage());
  }

  @Test
  void nullValuesAreRefusedAtOnceNamingTheValue() {
    // given
    RecoveryResult.Builder b = RecoveryResult.succeeded("s1", "IMMEDIATE", FailureType.TIMEOUT);
    // then
    assertEquals("restored", assertThrows(NullPointerException.class, () -> b.restored(null)).getMessage());
    assertEquals("duration", assertThrows(NullPointerException.class, () -> b.duration(null)).getMessage());
    assertEquals("sessionId", assertThrows(NullPointerException.class,
        () -> RecoveryResult.failed(null, "IMMEDIATE", FailureType.TIMEOUT)).getMessage());
  }
}
