package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Prove the strategy contract has teeth: each broken strategy fails it in the group that owns the bug. */
class StrategyTeethTest {
  static Stream<Arguments> brokenStrategies() {
    return Stream.of(
        Arguments.of("RestoresNewestBlindly", RestoresNewestBlindly.class, "Integrity"),
        Arguments.of("IgnoresValidation", IgnoresValidation.class, "Integrity"),
        Arguments.of("ThrowsOnStoreFailure", ThrowsOnStoreFailure.class, "NoPartialState"),
        Arguments.of("AppliesStateBeforeRestore", AppliesStateBeforeRestore.class, "NoPartialState"),
        Arguments.of("WrongResultFields", WrongResultFields.class, "Outcomes"),
        Arguments.of("ClaimsSuccessWithoutRestoring", ClaimsSuccessWithoutRestoring.class, "Outcomes"));
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

  /** A strategy contract over one strategy type. */
  abstract static class Kit extends RecoveryStrategyContract {
    private final Supplier<RecoveryStrategy> factory;

    Kit(Supplier<RecoveryStrategy> factory) {
      this.factory = factory;
    }

    @Override
    protected RecoveryStrategy createStrategy(RecoveryConfig config) {
      return factory.get();
    }
  }

  static final class RestoresNewestBlindly extends Kit {
    RestoresNewestBlindly() {
      super(BrokenStrategies.RestoresNewestBlindly::new);
    }
  }

  static final class IgnoresValidation extends Kit {
    IgnoresValidation() {
      super(BrokenStrategies.IgnoresValidation::new);
    }
  }

  static final class ThrowsOnStoreFailure extends Kit {
    ThrowsOnStoreFailure() {
      super(BrokenStrategies.ThrowsOnStoreFailure::new);
    }
  }

  static final class AppliesStateBeforeRestore extends Kit {
    AppliesStateBeforeRestore() {
      super(BrokenStrategies.AppliesStateBeforeRestore::new);
    }
  }

  static final class WrongResultFields extends Kit {
    WrongResultFields() {
      super(BrokenStrategies.WrongResultFields::new);
    }
  }

  static final class ClaimsSuccessWithoutRestoring extends Kit {
    ClaimsSuccessWithoutRestoring() {
      super(BrokenStrategies.ClaimsSuccessWithoutRestoring::new);
    }
  }
}
