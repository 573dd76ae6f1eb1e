package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check the wait before attempt k: {@code initialDelay * backoffMultiplier^(k-2)}, at most
 * {@code maxDelay}, measured on virtual time between the end of one attempt and the start of the next
 * and as reported through {@code attempted}. The waits are hours long, so a strategy that sleeps on the
 * real clock fails the real-time bound.
 */
abstract class StrategyBackoffCases extends StrategyCases {
  @BeforeEach
  void requireSteps() {
    requireKind(StrategyKind.STEP_REPLAY);
  }

  @Test
  void theWaitBeforeEachAttemptGrowsByTheMultiplierUpToTheCap() {
    // given waits of 1 h, 3 h, then 9 h and 27 h capped at 5 h
    RecoveryConfig config = retrying(5, Duration.ofHours(1), 3.0, Duration.ofHours(5), Duration.ofDays(2));
    // then
    assertWaits(config, List.of(Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(5), Duration.ofHours(5)));
  }

  @Test
  void aFractionalMultiplierIsExactToTheMillisecondAndTheCapHolds() {
    // given waits of 90 s, 225 s, 562.5 s, then 1406.25 s capped at 600 s
    RecoveryConfig config = retrying(5, Duration.ofSeconds(90), 2.5, Duration.ofMinutes(10), Duration.ofHours(1));
    // then
    assertWaits(config, List.of(Duration.ofSeconds(90), Duration.ofSeconds(225), Duration.ofMillis(562_500),
        Duration.ofMinutes(10)));
  }

  private void assertWaits(RecoveryConfig config, List<Duration> expected) {
    // given
    ScriptedRecoveryContext ctx = session("backoff", config).good("c1").step("call-model", ScriptedAttempt.FAIL).build();
    // when
    RecoveryResult result = run(ctx).result();
    // then
    assertEquals(Outcome.PARTIAL, result.outcome(), result::toString);
    List<StepRun> runs = runsOf(ctx, "call-model");
    List<Duration> waited = new ArrayList<>();
    for (int k = 1; k < runs.size(); k++) {
      waited.add(Duration.between(runs.get(k - 1).ended().orElseThrow(), runs.get(k).started()));
    }
    assertEquals(expected, waited, () -> "virtual time between attempts; the scheduler saw waits "
        + ctx.virtualScheduler().waits());
    List<Duration> reported = reportsOf(ctx, "call-model").stream().skip(1)
        .map(ScriptedRecoveryContext.Attempt::waitBefore).toList();
    assertEquals(expected, reported, "the waits reported through attempted()");
  }
}
