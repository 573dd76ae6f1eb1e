package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check that an attempt that hangs is interrupted exactly at {@code stepTimeout} of virtual time and
 * counts as a failed attempt, retried after the usual wait. The limit is an hour, so a strategy that
 * has no time limit, or times out on the real clock, fails the real-time bound.
 */
abstract class StrategyTimeLimitCases extends StrategyCases {
  private static final Duration LIMIT = Duration.ofHours(1);

  @BeforeEach
  void requireSteps() {
    requireKind(StrategyKind.STEP_REPLAY);
  }

  private RecoveryConfig limited() {
    return retrying(3, Duration.ofMinutes(1), 2.0, Duration.ofMinutes(10), LIMIT);
  }

  @Test
  void aHungAttemptIsCutAtTheStepTimeoutAndRetried() {
    // given
    ScriptedRecoveryContext ctx = session("hung", limited()).good("c1").step("call-model", ScriptedAttempt.HANG,
        ScriptedAttempt.SUCCEED).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.SUCCESS, result.outcome(), result::toString);
    List<StepRun> runs = runsOf(ctx, "call-model");
    assertEquals(2, runs.size(), () -> "the cut attempt counts as one failed attempt: " + runs);
    assertCut(runs.get(0));
    assertEquals(Duration.ofMinutes(1), Duration.between(runs.get(0).ended().orElseThrow(), runs.get(1).started()),
        "the usual wait follows a cut attempt");
    ScriptedRecoveryContext.Attempt second = reportsOf(ctx, "call-model").get(1);
    assertTrue(second.cause().orElse("").toLowerCase(Locale.ROOT).matches("(?s).*(timeout|timed out|time limit).*"),
        () -> "the retry's cause says the attempt timed out, was " + second.cause());
  }

  @Test
  void aStepThatHangsOnEveryAttemptIsCutEachTimeAndEndsPartial() {
    // given
    ScriptedRecoveryContext ctx = session("always-hung", limited()).good("c1").step("detect")
        .step("call-model", ScriptedAttempt.HANG).step("route").build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
    assertEquals(Optional.of("call-model"), result.failedStep());
    List<StepRun> runs = settledRunsOf(ctx, "call-model");
    assertEquals(3, runs.size(), () -> "maxAttempts attempts, each cut: " + runs);
    runs.forEach(this::assertCut);
    assertEquals(List.of(), runsOf(ctx, "route"));
  }

  private void assertCut(StepRun run) {
    assertEquals(StepRun.Status.CUT, run.status(), () -> "a hung attempt must be interrupted at its limit: " + run);
    assertEquals(LIMIT, Duration.between(run.started(), run.ended().orElseThrow()),
        () -> "cut after exactly stepTimeout of virtual time: " + run);
  }
}
