package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check attempts per step: exactly {@code maxAttempts} for a failure type in {@code retryOn}, one
 * otherwise, each numbered from 1 and reported once through {@code attempted} with the wait before it
 * and the previous attempt's cause. Waits are a minute, doubling, on virtual time.
 */
abstract class StrategyAttemptCases extends StrategyCases {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @BeforeEach
  void requireSteps() {
    requireKind(StrategyKind.STEP_REPLAY);
  }

  private RecoveryConfig fourAttempts() {
    return retrying(4, MINUTE, 2.0, Duration.ofHours(1), Duration.ofHours(2));
  }

  @Test
  void aStepThatAlwaysFailsIsAttemptedExactlyMaxAttemptsTimes() {
    // given a good step first, so attempts counted across steps do not add up by chance
    ScriptedRecoveryContext ctx = session("attempts", fourAttempts()).good("c1").step("detect")
        .step("doomed", ScriptedAttempt.FAIL).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
    assertEquals(Optional.of("doomed"), result.failedStep());
    assertEquals(List.of(1, 2, 3, 4), runsOf(ctx, "doomed").stream().map(StepRun::attempt).toList(),
        "a failing step is attempted exactly maxAttempts (4) times");
    assertEquals(1, runsOf(ctx, "detect").size(), "a step that succeeds is attempted once");
  }

  @Test
  void aStepThatSucceedsOnItsLastAttemptSucceeds() {
    // given
    ScriptedRecoveryContext ctx = session("last", fourAttempts()).good("c1").step("flaky", ScriptedAttempt.FAIL,
        ScriptedAttempt.FAIL, ScriptedAttempt.FAIL, ScriptedAttempt.SUCCEED).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    assertEquals(4, runsOf(ctx, "flaky").size());
    assertEquals(afterStep("flaky", 4, runsOf(ctx, "flaky").get(3).input()).attributes(),
        ctx.currentState().attributes());
  }

  @Test
  void eachAttemptIsReportedOnceWithItsNumberWaitAndCause() {
    // given
    ScriptedRecoveryContext ctx = session("reports", fourAttempts()).good("c1").step("detect")
        .step("flaky", ScriptedAttempt.FAIL, ScriptedAttempt.FAIL, ScriptedAttempt.SUCCEED).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    assertEquals(List.of(new ScriptedRecoveryContext.Attempt(1, Optional.of("detect"), Duration.ZERO, Optional.empty())),
        reportsOf(ctx, "detect"), "the first attempt is reported with no wait and no cause");
    List<ScriptedRecoveryContext.Attempt> flaky = reportsOf(ctx, "flaky");
    assertEquals(List.of(1, 2, 3), flaky.stream().map(ScriptedRecoveryContext.Attempt::attempt).toList(),
        () -> "each attempt reported once, numbered from 1: " + ctx.attempts());
    assertEquals(List.of(Duration.ZERO, MINUTE, MINUTE.multipliedBy(2)),
        flaky.stream().map(ScriptedRecoveryContext.Attempt::waitBefore).toList(), "the wait before each attempt");
    assertTrue(flaky.get(0).cause().isEmpty(), "the first attempt has no cause");
    IntStream.of(1, 2).forEach(k -> assertTrue(flaky.get(k).cause().orElse("").contains("at attempt " + k),
        () -> "attempt " + (k + 1) + " reports the failure of attempt " + k + ", was " + flaky.get(k).cause()));
  }

  @Test
  void aFailureTypeOutsideRetryOnGetsExactlyOneAttempt() {
    // given
    RecoveryConfig onlyTimeouts = RecoveryConfig.from(fourAttempts()).retryOn(EnumSet.of(FailureType.TIMEOUT)).build();
    ScriptedRecoveryContext ctx = session("no-retry", onlyTimeouts).good("c1")
        .failure(Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "gateway down"))
        .step("call-model", ScriptedAttempt.FAIL, ScriptedAttempt.SUCCEED).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(1, runsOf(ctx, "call-model").size(), "EXTERNAL_SERVICE_ERROR is not in retryOn: one attempt");
    assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
    assertEquals(Optional.of("call-model"), result.failedStep());
  }

  @Test
  void aFailureTypeInRetryOnIsRetriedWhateverTheDefaultsSay() {
    // given VALIDATION_ERROR, which the defaults do not retry, is the one type retried here
    RecoveryConfig onlyValidation = RecoveryConfig.from(fourAttempts())
        .retryOn(EnumSet.of(FailureType.VALIDATION_ERROR)).build();
    ScriptedRecoveryContext ctx = session("retry", onlyValidation).good("c1")
        .failure(Failure.of(FailureType.VALIDATION_ERROR, "score out of range"))
        .step("score", ScriptedAttempt.FAIL, ScriptedAttempt.SUCCEED).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    assertEquals(2, runsOf(ctx, "score").size(), "VALIDATION_ERROR is in retryOn: retried");
  }
}
