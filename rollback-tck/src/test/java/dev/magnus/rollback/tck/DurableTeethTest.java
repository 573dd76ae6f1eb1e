package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prove the durable extras have teeth: each broken durable store fails the Durability, CrashRecovery or
 * Corruption group. Only those groups run for these kits, to keep the build short.
 */
class DurableTeethTest {
  static Stream<Arguments> brokenDurableStores() {
    return Stream.of(
        Arguments.of("LosesLastAppendOnReopen", LosesLastAppendOnReopen.class, "Durability"),
        Arguments.of("WritesBehind", WritesBehind.class, "CrashRecovery"),
        Arguments.of("SwallowsCorruptRecord", SwallowsCorruptRecord.class, "Corruption"),
        Arguments.of("ServesWithoutChecksum", ServesWithoutChecksum.class, "Corruption"),
        Arguments.of("CrashesOnTornTail", CrashesOnTornTail.class, "Corruption"));
  }

  @ParameterizedTest(name = "{0} fails the contract in {2}")
  @MethodSource("brokenDurableStores")
  void aBrokenDurableStoreFailsTheDurableGroups(String name, Class<?> kit, String group) {
    // when
    ContractRun run = durableGroups(kit);
    // then
    System.out.println("[teeth] " + name + ": " + run);
    assertTrue(run.failedByGroup.containsKey(group), () -> name + " was not caught by " + group + ": " + run);
  }

  @org.junit.jupiter.api.Test
  void theDurableReferenceStorePassesTheDurableGroups() {
    // when
    ContractRun run = durableGroups(ReferenceKit.class);
    // then
    assertEquals(0, run.failed(), run::toString);
    assertEquals(0, run.summary.getTestsAbortedCount(), () -> "nothing may be skipped: " + run);
  }

  private static ContractRun durableGroups(Class<?> kit) {
    return ContractRun.of(
        selectNestedClass(List.of(kit), CheckpointStoreContract.Durability.class),
        selectNestedClass(List.of(kit), CheckpointStoreContract.CrashRecovery.class),
        selectNestedClass(List.of(kit), CheckpointStoreContract.Corruption.class));
  }

  /**
   * A durable contract over one store type, its log in one segment file; the crash test uses the
   * reference factory unless told otherwise.
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
}
