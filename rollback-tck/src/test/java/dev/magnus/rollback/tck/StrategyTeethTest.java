package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prove the strategy contract has teeth: each broken strategy fails it in the group that owns the bug.
 * Each broken strategy is one small change to {@link NewestGoodStrategy} or {@link StepReplayingStrategy},
 * which pass the whole contract ({@code NewestGoodStrategyContractTest}, {@code StepReplayingStrategyContractTest}).
 */
class StrategyTeethTest {
  static Stream<Arguments> brokenStrategies() {
    return Stream.of(
        Arguments.of("RestoresNewestBlindly", RestoresNewestBlindly.class, "Integrity"),
        Arguments.of("IgnoresValidation", IgnoresValidation.class, "Integrity"),
        Arguments.of("ThrowsOnStoreFailure", ThrowsOnStoreFailure.class, "NoPartialState"),
        Arguments.of("AppliesStateBeforeRestore", AppliesStateBeforeRestore.class, "NoPartialState"),
        Arguments.of("WrongResultFields", WrongResultFields.class, "Outcomes"),
        Arguments.of("ClaimsSuccessWithoutRestoring", ClaimsSuccessWithoutRestoring.class, "Outcomes"),
        Arguments.of("RestoresOldestGood", RestoresOldestGood.class, "Selection"),
        Arguments.of("RestoresPreRollback", RestoresPreRollback.class, "Selection"),
        Arguments.of("RestoresSecondNewest", RestoresSecondNewest.class, "Selection"),
        Arguments.of("CachesGoodCheckpointPerSession", CachesGoodCheckpointPerSession.class, "Selection"),
        Arguments.of("NewestGoodDeclaredProgressive", NewestGoodDeclaredProgressive.class, "Selection"),
        Arguments.of("WallClockDuration", WallClockDuration.class, "Clock"),
        Arguments.of("OneAttemptTooMany", OneAttemptTooMany.class, "Attempts"),
        Arguments.of("OneAttemptTooFew", OneAttemptTooFew.class, "Attempts"),
        Arguments.of("CountsAttemptsAcrossSteps", CountsAttemptsAcrossSteps.class, "Attempts"),
        Arguments.of("RetriesEverything", RetriesEverything.class, "Attempts"),
        Arguments.of("HardCodesRetryOn", HardCodesRetryOn.class, "Attempts"),
        Arguments.of("ReportsAttemptsTwice", ReportsAttemptsTwice.class, "Attempts"),
        Arguments.of("ReportsWrongNumbersAndCauses", ReportsWrongNumbersAndCauses.class, "Attempts"),
        Arguments.of("IgnoresMultiplier", IgnoresMultiplier.class, "Backoff"),
        Arguments.of("IgnoresCap", IgnoresCap.class, "Backoff"),
        Arguments.of("SleepsOnTheRealClock", SleepsOnTheRealClock.class, "Backoff"),
        Arguments.of("ReportsWaitsButDoesNotWait", ReportsWaitsButDoesNotWait.class, "Backoff"),
        Arguments.of("IgnoresStepTimeout", IgnoresStepTimeout.class, "TimeLimits"),
        Arguments.of("TimesOutWithoutInterrupting", TimesOutWithoutInterrupting.class, "TimeLimits"),
        Arguments.of("SwallowsInterrupt", SwallowsInterrupt.class, "Interrupts"),
        Arguments.of("ClearsTheInterruptFlag", ClearsTheInterruptFlag.class, "Interrupts"),
        Arguments.of("RunsStepsOnTheRestoredState", RunsStepsOnTheRestoredState.class, "Steps"),
        Arguments.of("ContinuesAfterAFailedStep", ContinuesAfterAFailedStep.class, "Steps"),
        Arguments.of("CheckpointsBeforeApplying", CheckpointsBeforeApplying.class, "Steps"),
        Arguments.of("PartialDropsGoodSteps", PartialDropsGoodSteps.class, "Steps"));
  }

  @ParameterizedTest(name = "{0} fails the contract in {2}")
  @MethodSource("brokenStrategies")
  void aBrokenStrategyFailsTheContractInTheGroupThatOwnsTheBug(String name, Class<?> kit, String group) {
    // when
    ContractRun run = ContractRun.of(selectClass(kit));
    // then
    System.out.println("[teeth] " + name + ": " + run);
    assertTrue(run.failedByGroup.containsKey(group), () -> name + " was not caught by " + group + ": " + run);
  }

  /** A strategy contract over one strategy type and the kind it claims; recoveries get 5 s of real time. */
  abstract static class Kit extends RecoveryStrategyContract {
    private final Supplier<RecoveryStrategy> factory;
    private final StrategyKind kind;

    Kit(Supplier<RecoveryStrategy> factory, StrategyKind kind) {
      this.factory = factory;
      this.kind = kind;
    }

    @Override
    protected RecoveryStrategy createStrategy(RecoveryConfig config) {
      return factory.get();
    }

    @Override
    protected StrategyKind kind() {
      return kind;
    }

    @Override
    protected Duration realTimeLimit() {
      return Duration.ofSeconds(5);
    }
  }

  static final class RestoresNewestBlindly extends Kit {
    RestoresNewestBlindly() {
      super(BrokenStrategies.RestoresNewestBlindly::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class IgnoresValidation extends Kit {
    IgnoresValidation() {
      super(BrokenStrategies.IgnoresValidation::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class ThrowsOnStoreFailure extends Kit {
    ThrowsOnStoreFailure() {
      super(BrokenStrategies.ThrowsOnStoreFailure::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class AppliesStateBeforeRestore extends Kit {
    AppliesStateBeforeRestore() {
      super(BrokenStrategies.AppliesStateBeforeRestore::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class WrongResultFields extends Kit {
    WrongResultFields() {
      super(BrokenStrategies.WrongResultFields::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class ClaimsSuccessWithoutRestoring extends Kit {
    ClaimsSuccessWithoutRestoring() {
      super(BrokenStrategies.ClaimsSuccessWithoutRestoring::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class RestoresOldestGood extends Kit {
    RestoresOldestGood() {
      super(BrokenStrategies.RestoresOldestGood::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class RestoresPreRollback extends Kit {
    RestoresPreRollback() {
      super(BrokenStrategies.RestoresPreRollback::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class RestoresSecondNewest extends Kit {
    RestoresSecondNewest() {
      super(BrokenStrategies.RestoresSecondNewest::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class CachesGoodCheckpointPerSession extends Kit {
    CachesGoodCheckpointPerSession() {
      super(BrokenStrategies.CachesGoodCheckpointPerSession::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class NewestGoodDeclaredProgressive extends Kit {
    NewestGoodDeclaredProgressive() {
      super(NewestGoodStrategy::new, StrategyKind.BEFORE_FIRST_BAD);
    }
  }

  static final class WallClockDuration extends Kit {
    WallClockDuration() {
      super(BrokenStrategies.WallClockDuration::new, StrategyKind.NEWEST_GOOD);
    }
  }

  static final class OneAttemptTooMany extends Kit {
    OneAttemptTooMany() {
      super(BrokenStrategies.OneAttemptTooMany::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class OneAttemptTooFew extends Kit {
    OneAttemptTooFew() {
      super(BrokenStrategies.OneAttemptTooFew::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class CountsAttemptsAcrossSteps extends Kit {
    CountsAttemptsAcrossSteps() {
      super(BrokenStrategies.CountsAttemptsAcrossSteps::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class RetriesEverything extends Kit {
    RetriesEverything() {
      super(BrokenStrategies.RetriesEverything::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class HardCodesRetryOn extends Kit {
    HardCodesRetryOn() {
      super(BrokenStrategies.HardCodesRetryOn::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class ReportsAttemptsTwice extends Kit {
    ReportsAttemptsTwice() {
      super(BrokenStrategies.ReportsAttemptsTwice::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class ReportsWrongNumbersAndCauses extends Kit {
    ReportsWrongNumbersAndCauses() {
      super(BrokenStrategies.ReportsWrongNumbersAndCauses::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class IgnoresMultiplier extends Kit {
    IgnoresMultiplier() {
      super(BrokenStrategies.IgnoresMultiplier::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class IgnoresCap extends Kit {
    IgnoresCap() {
      super(BrokenStrategies.IgnoresCap::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class SleepsOnTheRealClock extends Kit {
    SleepsOnTheRealClock() {
      super(BrokenStrategies.SleepsOnTheRealClock::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class ReportsWaitsButDoesNotWait extends Kit {
    ReportsWaitsButDoesNotWait() {
      super(BrokenStrategies.ReportsWaitsButDoesNotWait::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class IgnoresStepTimeout extends Kit {
    IgnoresStepTimeout() {
      super(BrokenStrategies.IgnoresStepTimeout::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class TimesOutWithoutInterrupting extends Kit {
    TimesOutWithoutInterrupting() {
      super(BrokenStrategies.TimesOutWithoutInterrupting::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class SwallowsInterrupt extends Kit {
    SwallowsInterrupt() {
      super(BrokenStrategies.SwallowsInterrupt::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class ClearsTheInterruptFlag extends Kit {
    ClearsTheInterruptFlag() {
      super(BrokenStrategies.ClearsTheInterruptFlag::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class RunsStepsOnTheRestoredState extends Kit {
    RunsStepsOnTheRestoredState() {
      super(BrokenStrategies.RunsStepsOnTheRestoredState::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class ContinuesAfterAFailedStep extends Kit {
    ContinuesAfterAFailedStep() {
      super(BrokenStrategies.ContinuesAfterAFailedStep::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class CheckpointsBeforeApplying extends Kit {
    CheckpointsBeforeApplying() {
      super(BrokenStrategies.CheckpointsBeforeApplying::new, StrategyKind.STEP_REPLAY);
    }
  }

  static final class PartialDropsGoodSteps extends Kit {
    PartialDropsGoodSteps() {
      super(BrokenStrategies.PartialDropsGoodSteps::new, StrategyKind.STEP_REPLAY);
    }
  }
}
