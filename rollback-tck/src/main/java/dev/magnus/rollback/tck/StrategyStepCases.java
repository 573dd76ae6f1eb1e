package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check step replay: each step runs on the previous step's output, nothing runs after a step that
 * failed, PARTIAL keeps the state after the last good step and names the failed one, and each
 * RECOVERY_POINT holds the state after its step.
 */
abstract class StrategyStepCases extends StrategyCases {
  @BeforeEach
  void requireSteps() {
    requireKind(StrategyKind.STEP_REPLAY);
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
    AtomicInteger doomedCalls = new AtomicInteger();
    Failure failure = Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "step failed")
        .withSteps(List.of(RecoveryStep.of("ok", s -> s.with("ok", true)), RecoveryStep.of("doomed", s -> {
          doomedCalls.incrementAndGet();
          throw new IllegalStateException("always fails");
        })));
    ScriptedRecoveryContext ctx = session().good("c1").failure(failure).build();
    int maxAttempts = ctx.options().maxAttempts();
    // when
    RecoveryResult result = recover(ctx);
    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
    assertEquals(Optional.of("doomed"), result.failedStep());
    assertEquals(maxAttempts, doomedCalls.get(), "the failing step runs maxAttempts times");
    assertEquals(maxAttempts, reportsOf(ctx, "doomed").size(),
        () -> "every attempt of the failing step is reported once through attempted(): " + ctx.attempts());
  }

  @Test
  void eachStepRunsOnThePreviousStepsOutput() {
    // given
    ScriptedRecoveryContext ctx = session().good("c1").good("c2").step("detect").step("score").step("route").build();
    // when
    RecoveryResult result = recover(ctx);
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    List<StepRun> runs = ctx.stepRuns();
    assertEquals(List.of("detect", "score", "route"), runs.stream().map(StepRun::step).toList());
    assertEquals(ctx.stateOf(ctx.idOf("c2")).attributes(), runs.get(0).input().attributes(),
        "the first step runs on the restored state");
    for (int k = 1; k < runs.size(); k++) {
      StepRun previous = runs.get(k - 1);
      assertEquals(afterStep(previous.step(), 1, previous.input()).attributes(), runs.get(k).input().attributes(),
          "step '" + runs.get(k).step() + "' must run on the output of step '" + previous.step() + "'");
    }
    assertEquals(afterStep("route", 1, runs.get(2).input()).attributes(), ctx.currentState().attributes());
  }

  @Test
  void noStepRunsAfterAFailedStepAndPartialKeepsTheStateAfterTheLastGoodStep() {
    // given
    ScriptedRecoveryContext ctx = session().good("c1").step("detect").step("call-model", ScriptedAttempt.FAIL)
        .step("route").build();
    // when
    RecoveryResult result = recover(ctx);
    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
    assertEquals(Optional.of("call-model"), result.failedStep());
    assertEquals(List.of(), runsOf(ctx, "route"), "no step may run after a step that failed");
    StepRun detect = runsOf(ctx, "detect").get(0);
    Map<String, Object> afterDetect = afterStep("detect", 1, detect.input()).attributes();
    assertEquals(afterDetect, ctx.currentState().attributes(), "PARTIAL keeps the state after the last good step");
    assertTrue(result.recoveryPoint().isPresent(), () -> "PARTIAL names the RECOVERY_POINT holding its state: " + result);
    assertEquals(afterDetect, ctx.stateOf(result.recoveryPoint().get()).attributes(),
        "the result's RECOVERY_POINT holds the state after the last good step");
  }

  @Test
  void everyRecoveryPointHoldsTheStateAfterItsStep() {
    // given
    ScriptedRecoveryContext ctx = session().good("c1").step("detect").step("score", ScriptedAttempt.FAIL,
        ScriptedAttempt.SUCCEED).step("route").build();
    // when
    RecoveryResult result = recover(ctx);
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    SessionState restored = ctx.stateOf(ctx.idOf("c1"));
    List<Map<String, Object>> afterSteps = ctx.stepRuns().stream().filter(r -> r.status() == StepRun.Status.SUCCEEDED)
        .map(r -> afterStep(r.step(), r.attempt(), r.input()).attributes()).toList();
    List<Map<String, Object>> points = recoveryPoints(ctx).stream().map(c -> attributesOf(ctx, c))
        .filter(a -> !a.equals(restored.attributes())).toList();
    assertEquals(afterSteps, points, "one RECOVERY_POINT after each step that succeeded, holding its output");
    Checkpoint last = recoveryPoints(ctx).get(recoveryPoints(ctx).size() - 1);
    assertEquals(Optional.of(last.id()), result.recoveryPoint(), "the result names the newest RECOVERY_POINT");
  }
}
