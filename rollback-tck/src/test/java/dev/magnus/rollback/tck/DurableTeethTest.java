package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prove the durable extras have teeth: each broken durable store fails the named cases of the
 * Durability, CrashRecovery or Corruption group. Only the group named runs for a broken kit, and only
 * the durable groups for the reference kit, to keep the build short.
 */
class DurableTeethTest {
  static Stream<Arguments> brokenDurableStores() {
    return Stream.of(
        Arguments.of("LosesLastAppendOnReopen", LosesLastAppendOnReopen.class, "Durability",
            List.of("theLastAppendBeforeCloseSurvivesReopen")),
        Arguments.of("WritesBehind", WritesBehind.class, "CrashRecovery",
            List.of("killDashNineNeverLosesAnAcknowledgedCheckpointNorShowsAPartialOne")),
        Arguments.of("SwallowsCorruptRecord", SwallowsCorruptRecord.class, "Corruption",
            List.of("flippedBitsAreReportedAndNeverServed")),
        Arguments.of("ServesWithoutChecksum", ServesWithoutChecksum.class, "Corruption",
            List.of("flippedBitsAreReportedAndNeverServed")),
        Arguments.of("CrashesOnTornTail", CrashesOnTornTail.class, "Corruption",
            List.of("truncatingTheLastRecordAtEveryOffsetLosesOnlyThatRecord")),
        Arguments.of("TakesAnyDamageForATornTail", TakesAnyDamageForATornTail.class, "Corruption",
            List.of("flippedBytesInTheLastRecordOfANonFinalFileAreReportedNotServed",
                "aNonFinalFileCutInsideItsLastRecordIsReportedNotTakenForATornTail")),
        Arguments.of("TrustsUnsealedSegments", TrustsUnsealedSegments.class, "Corruption",
            List.of("aMiddleFileTruncatedAtAnyOffsetIsReported")),
        Arguments.of("IgnoresMissingSegments", IgnoresMissingSegments.class, "Corruption",
            List.of("aMissingNonFinalFileIsReported", "aMissingFinalFileIsReported")),
        Arguments.of("ResyncsOnAnyFrame", ResyncsOnAnyFrame.class, "Corruption",
            List.of("aFrameHiddenInAPayloadIsNeverServedWhenTheRecordCarryingItIsDamaged")),
        Arguments.of("ForgetsLostDeletions", ForgetsLostDeletions.class, "Corruption",
            List.of("aDeletionLostWithACutFileNeverBringsTheCheckpointBack",
                "aDeletionLostWithADamagedRecordNeverBringsTheCheckpointBack")));
  }

  @ParameterizedTest(name = "{0} fails the contract in {2}: {3}")
  @MethodSource("brokenDurableStores")
  void aBrokenDurableStoreFailsTheCasesMadeForItsBug(String name, Class<?> kit, String group, List<String> cases) {
    // when
    ContractRun run = ContractRun.of(selectNestedClass(List.of(kit), group(group)));
    // then
    System.out.println("[teeth] " + name + ": " + run);
    Set<String> failed = run.failedByGroup.getOrDefault(group, new TreeSet<>());
    for (String c : cases) {
      assertTrue(failed.contains(c + "()"), () -> name + " was not caught by " + group + "." + c + ": " + run);
    }
  }

  @Test
  void theDurableReferenceStorePassesTheDurableGroups() {
    // when
    ContractRun run = durableGroups(ReferenceKit.class);
    // then
    assertEquals(0, run.failed(), run::toString);
    assertEquals(0, run.summary.getTestsAbortedCount(), () -> "nothing may be skipped: " + run);
  }

  private static Class<?> group(String name) {
    return switch (name) {
      case "Durability" -> CheckpointStoreContract.Durability.class;
      case "CrashRecovery" -> CheckpointStoreContract.CrashRecovery.class;
      case "Corruption" -> CheckpointStoreContract.Corruption.class;
      default -> throw new IllegalArgumentException("no durable group " + name);
    };
  }

  private static ContractRun durableGroups(Class<?> kit) {
    return ContractRun.of(
        selectNestedClass(List.of(kit), CheckpointStoreContract.Durability.class),
        selectNestedClass(List.of(kit), CheckpointStoreContract.CrashRecovery.class),
        selectNestedClass(List.of(kit), CheckpointStoreContract.Corruption.class));
  }

  /**
   * A durable contract over one store type, single-file by default and in small segments for the
   * multi-file cases; the crash test uses the reference factory unless told otherwise.
   */
  abstract static class Kit extends CheckpointStoreContract {
    private final BiFunction<Path, Long, CheckpointStore> factory;
    private final Class<? extends DurableStoreFactory> childFactory;

    Kit(BiFunction<Path, Long, CheckpointStore> factory, Class<? extends DurableStoreFactory> childFactory) {
      this.factory = factory;
      this.childFactory = childFactory;
    }

    @Override
    protected CheckpointStore createStore(Path dir) {
      return factory.apply(dir, DurableReferenceStore.ONE_SEGMENT);
    }

    @Override
    protected Optional<CheckpointStore> createMultiFileStore(Path dir) {
      return Optional.of(factory.apply(dir, DurableReferenceStore.SMALL_SEGMENTS));
    }

    @Override
    protected Optional<String> storeFactoryClass() {
      return Optional.of(childFactory.getName());
    }

    @Override
    protected Optional<StoreFiles> storeFiles(Path dir) {
      return Optional.of(ReferenceSegments.files(dir));
    }
  }

  static final class ReferenceKit extends Kit {
    ReferenceKit() {
      super((dir, segmentBytes) -> new DurableReferenceStore(dir, false, segmentBytes),
          DurableReferenceStoreFactory.class);
    }
  }

  static final class LosesLastAppendOnReopen extends Kit {
    LosesLastAppendOnReopen() {
      super(BrokenDurableStores.LosesLastAppendOnReopen::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class WritesBehind extends Kit {
    WritesBehind() {
      super(BrokenDurableStores.WritesBehind::new, BrokenDurableStores.WritesBehindFactory.class);
    }
  }

  static final class SwallowsCorruptRecord extends Kit {
    SwallowsCorruptRecord() {
      super(BrokenDurableStores.SwallowsCorruptRecord::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class ServesWithoutChecksum extends Kit {
    ServesWithoutChecksum() {
      super(BrokenDurableStores.ServesWithoutChecksum::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class CrashesOnTornTail extends Kit {
    CrashesOnTornTail() {
      super(BrokenDurableStores.CrashesOnTornTail::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class TakesAnyDamageForATornTail extends Kit {
    TakesAnyDamageForATornTail() {
      super(BrokenDurableStores.TakesAnyDamageForATornTail::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class TrustsUnsealedSegments extends Kit {
    TrustsUnsealedSegments() {
      super(BrokenDurableStores.TrustsUnsealedSegments::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class IgnoresMissingSegments extends Kit {
    IgnoresMissingSegments() {
      super(BrokenDurableStores.IgnoresMissingSegments::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class ResyncsOnAnyFrame extends Kit {
    ResyncsOnAnyFrame() {
      super(BrokenDurableStores.ResyncsOnAnyFrame::new, DurableReferenceStoreFactory.class);
    }
  }

  static final class ForgetsLostDeletions extends Kit {
    ForgetsLostDeletions() {
      super(BrokenDurableStores.ForgetsLostDeletions::new, DurableReferenceStoreFactory.class);
    }
  }
}
