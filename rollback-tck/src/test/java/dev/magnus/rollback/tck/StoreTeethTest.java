package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoverySelector;

/**
 * Prove the store contract has teeth: each deliberately broken store must fail it, in the group that
 * owns the bug. The kits are static nested classes, so Surefire does not run them on their own.
 */
class StoreTeethTest {
  static Stream<Arguments> brokenStores() {
    return Stream.of(
        broken(SortsById.class, "Queries"),
        broken(IgnoresNewestFirst.class, "Queries"),
        broken(ReusesScratchBuffer.class, "DefensiveCopies"),
        broken(HandsOutLiveList.class, "DefensiveCopies"),
        broken(HandsOutLiveSessions.class, "DefensiveCopies"),
        broken(AcceptsDuplicateSequence.class, "Conflicts"),
        broken(IgnoresDelete.class, "Deletion"),
        broken(FoldsCase.class, "HostileIds"),
        broken(IgnoresClose.class, "AfterClose"),
        broken(StatsNeverShrink.class, "Stats"),
        broken(ThrowsOnUnknownSession.class, "UnknownInputs"),
        broken(ReadsAcrossSessions.class, "UnknownInputs"),
        broken(CutsLargePayloads.class, "RoundTrip"),
        broken(UsesRawIdsAsFileNames.class, "HostileIds"),
        broken(DeletesAcrossSessions.class, "Deletion"));
  }

  private static Arguments broken(Class<? extends CheckpointStoreContract> kit, String group) {
    return Arguments.of(kit.getSimpleName(), kit, group);
  }

  @ParameterizedTest(name = "{0} fails the contract in {2}")
  @MethodSource("brokenStores")
  void aBrokenStoreFailsTheContractInTheGroupThatOwnsTheBug(String name, Class<?> kit, String group) {
    // when
    ContractRun run = ContractRun.of(everyGroupButScale(kit));
    // then
    System.out.println("[teeth] " + name + ": " + run);
    assertTrue(run.failed() > 0, () -> name + " passed the whole contract: " + run);
    assertTrue(run.failedByGroup.containsKey(group), () -> name + " was not caught by " + group + ": " + run);
  }

  /**
   * Select every group except Scale: its 10,000 sessions would run once per broken store, and every
   * bug it can catch is caught elsewhere (the reference and in-memory runs still include it).
   */
  private static DiscoverySelector[] everyGroupButScale(Class<?> kit) {
    return Stream.of(CheckpointStoreContract.class.getDeclaredClasses())
        .filter(c -> c.isAnnotationPresent(org.junit.jupiter.api.Nested.class))
        .filter(c -> c != CheckpointStoreContract.Scale.class)
        .map(c -> selectNestedClass(List.of(kit), c))
        .toArray(DiscoverySelector[]::new);
  }

  @Test
  void aCheckThenActRaceFailsTheConflictRaceCase() {
    // given
    DiscoverySelector conflicts = selectNestedClass(List.of(CheckThenActRace.class), CheckpointStoreContract.Conflicts.class);
    // when
    ContractRun run = ContractRun.of(conflicts);
    // then
    System.out.println("[teeth] CheckThenActRace: " + run);
    assertTrue(run.failedByGroup.getOrDefault("Conflicts", new java.util.TreeSet<>()).stream()
        .anyMatch(t -> t.startsWith("twoThreadsRacing")), run::toString);
  }

  @Test
  void theCorrectReferenceStorePassesEverythingThatApplies() {
    // when
    ContractRun run = ContractRun.of(selectClass(ReferenceKit.class));
    // then
    assertEquals(0, run.failed(), run::toString);
    assertTrue(run.summary.getTestsSucceededCount() >= 50, run::toString);
  }

  /** A contract over one store type, created from the directory. */
  abstract static class Kit extends CheckpointStoreContract {
    private final Function<Path, CheckpointStore> factory;

    Kit(Function<Path, CheckpointStore> factory) {
      this.factory = factory;
    }

    @Override
    protected CheckpointStore createStore(Path dir) {
      return factory.apply(dir);
    }
  }

  static final class ReferenceKit extends Kit {
    ReferenceKit() {
      super(dir -> new ReferenceStore());
    }
  }

  static final class SortsById extends Kit {
    SortsById() {
      super(dir -> new BrokenStores.SortsById());
    }
  }

  static final class IgnoresNewestFirst extends Kit {
    IgnoresNewestFirst() {
      super(dir -> new BrokenStores.IgnoresNewestFirst());
    }
  }

  static final class ReusesScratchBuffer extends Kit {
    ReusesScratchBuffer() {
      super(dir -> new BrokenStores.ReusesScratchBuffer());
    }
  }

  static final class HandsOutLiveList extends Kit {
    HandsOutLiveList() {
      super(dir -> new BrokenStores.HandsOutLiveList());
    }
  }

  static final class HandsOutLiveSessions extends Kit {
    HandsOutLiveSessions() {
      super(dir -> new BrokenStores.HandsOutLiveSessions());
    }
  }

  static final class AcceptsDuplicateSequence extends Kit {
    AcceptsDuplicateSequence() {
      super(dir -> new BrokenStores.AcceptsDuplicateSequence());
    }
  }

  static final class CheckThenActRace extends Kit {
    CheckThenActRace() {
      super(dir -> new BrokenStores.CheckThenActRace());
    }
  }

  static final class IgnoresDelete extends Kit {
    IgnoresDelete() {
      super(dir -> new BrokenStores.IgnoresDelete());
    }
  }

  static final class FoldsCase extends Kit {
    FoldsCase() {
      super(dir -> new BrokenStores.FoldsCase());
    }
  }

  static final class IgnoresClose extends Kit {
    IgnoresClose() {
      super(dir -> new BrokenStores.IgnoresClose());
    }
  }

  static final class StatsNeverShrink extends Kit {
    StatsNeverShrink() {
      super(dir -> new BrokenStores.StatsNeverShrink());
    }
  }

  static final class ThrowsOnUnknownSession extends Kit {
    ThrowsOnUnknownSession() {
      super(dir -> new BrokenStores.ThrowsOnUnknownSession());
    }
  }

  static final class ReadsAcrossSessions extends Kit {
    ReadsAcrossSessions() {
      super(dir -> new BrokenStores.ReadsAcrossSessions());
    }
  }

  static final class CutsLargePayloads extends Kit {
    CutsLargePayloads() {
      super(dir -> new BrokenStores.CutsLargePayloads());
    }
  }

  static final class UsesRawIdsAsFileNames extends Kit {
    UsesRawIdsAsFileNames() {
      super(BrokenStores.UsesRawIdsAsFileNames::new);
    }
  }

  static final class DeletesAcrossSessions extends Kit {
    DeletesAcrossSessions() {
      super(dir -> new BrokenStores.DeletesAcrossSessions());
    }
  }
}
