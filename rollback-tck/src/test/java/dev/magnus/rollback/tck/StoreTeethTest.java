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
        broken(DeletesAcrossSessions.class, "Deletion"),
        broken(TruncatesIds.class, "Descriptors", "idKeepsEveryCharacterAndItsFullLength"),
        broken(StoresSequenceAsInt.class, "Descriptors", "sequenceKeepsTheWholeLongRange"),
        broken(StoresSequenceAsInt.class, "FieldRanges", "largeSequencesListInNumericOrderBothWays",
            "sequencesThatDifferOnlyInTheirHighBitsAreDistinct"),
        broken(SortsSequencesAsPaddedText.class, "FieldRanges", "largeSequencesListInNumericOrderBothWays",
            "rangesAndLimitsSelectAmongLargeSequencesByValue"),
        broken(WritesLabelsWithWriteUtf.class, "FieldRanges", "aThousandLabelsAndAValueOverSixtyFourKibibytesRoundTrip"),
        broken(ReadSkipsValidation.class, "SessionIdValidation", "readRejectsEveryInvalidSessionId"),
        broken(ListTrimsSessionIds.class, "SessionIdValidation", "listRejectsEveryInvalidSessionId"),
        broken(LatestSkipsValidation.class, "SessionIdValidation", "latestRejectsEveryInvalidSessionId"),
        broken(KeepsDeletedSequencesReserved.class, "Reappend", "aDeletedNewestSequenceCanBeAppendedAgainWithANewId"),
        broken(DropsParentId.class, "Descriptors", "parentIdIsKeptOrStaysAbsent"),
        broken(ReadLosesType.class, "Descriptors", "typeIsKeptForEveryType"),
        broken(TruncatesDescriptions.class, "Descriptors", "descriptionKeepsAnyText"),
        broken(DropsNanosOfCreatedAt.class, "Descriptors", "createdAtKeepsEveryNanosecond"),
        broken(StoresCreatedAtAsEpochNanos.class, "Descriptors", "createdAtKeepsFarPastAndFarFutureInstants"),
        broken(DropsEmptyLabelValues.class, "FieldRanges", "emptyLabelKeysAndValuesRoundTrip"),
        broken(NaiveLabelFormat.class, "FieldRanges", "labelsWithSeparatorsQuotesAndControlCharactersRoundTrip"),
        broken(FoldsLabelKeyCase.class, "FieldRanges",
            "nonAsciiLabelsRoundTripAndKeysThatDifferOnlyInCaseOrNormalizationStayApart"),
        broken(StoresHashesAsBytes.class, "Descriptors", "stateHashIsKeptAsOpaqueText", "chainHashIsKeptAsOpaqueText"),
        broken(CopiesStateHashIntoChainHash.class, "Descriptors", "chainHashIsKeptAsOpaqueText"),
        broken(StoresRawSizeAsInt.class, "Descriptors", "rawSizeKeepsTheWholeLongRange"),
        broken(ListsStoredSizeAsShort.class, "Descriptors", "storedSizeIsKeptIndependentlyOfRawSize"),
        broken(ListsLoseCompression.class, "Descriptors", "compressionIsKeptForEveryValue"),
        broken(TruncatesSessionIds.class, "FieldRanges", "longestSessionIdsThatDifferOnlyInTheirLastCharacterAreDistinct"),
        broken(DeleteSkipsValidation.class, "SessionIdValidation", "deleteRejectsEveryInvalidSessionIdAndDeletesNothing"),
        broken(DeleteSessionCutsLongIds.class, "SessionIdValidation",
            "deleteSessionRejectsEveryInvalidSessionIdAndDeletesNothing"),
        broken(AppendThenDeleteAcrossSessions.class, "Deletion", "appendThenDeleteNeverDeletesInAnotherSession"),
        broken(AppendThenDeleteCountsRequests.class, "Deletion", "appendThenDeleteCountsEachDeletedCheckpointOnce"),
        broken(KeepsDeletedIdsReserved.class, "Reappend", "aDeletedIdCanBeAppendedAgainAndServesTheNewRecord",
            "idsFreedByDeleteSessionCanBeTakenByAnySession"),
        broken(ServesStaleCachedRecords.class, "Reappend", "aDeletedIdCanBeAppendedAgainAndServesTheNewRecord"),
        broken(AppliesTombstonesById.class, "Reappend",
            "reappendedCheckpointsSurviveReopenAndTheirDeletionsDoNotHideThem"),
        broken(UpperBoundExclusiveNewestFirst.class, "QueryMatrix",
            "everyQueryOnAContiguousSessionMatchesTheModel",
            "everyQueryOnASparseSessionWithLargeSequencesAndDeletionsMatchesTheModel"),
        broken(EvictsSilently.class, "Unbounded", "fortyMebibytesAcrossManySessionsAreAllKept"),
        broken(ListenerFailureFailsAppend.class, "Listeners",
            "aListenerThatThrowsNeverFailsAnOperationNorChangesWhatIsStored"),
        broken(ClaimsListenersButReportsNothing.class, "Listeners",
            "aStoreThatReportsEventsReportsAGroupCommitForEveryAcknowledgedAppend"),
        broken(SwallowsInterrupts.class, "Interrupts", "everyMethodCalledWithTheInterruptFlagSetLeavesTheStoreWorking"),
        broken(SharesOneFileChannel.class, "Interrupts", "everyMethodCalledWithTheInterruptFlagSetLeavesTheStoreWorking",
            "interruptsLandingDuringCallsLeaveTheStoreWorkingForEveryThread"),
        broken(PlainHashMapIndex.class, "Concurrency"));
  }

  private static Arguments broken(Class<? extends CheckpointStoreContract> kit, String group, String... cases) {
    return Arguments.of(kit.getSimpleName(), kit, group, List.of(cases));
  }

  /** Run only the group that owns the bug, which keeps the build short; the reference kit runs them all. */
  @ParameterizedTest(name = "{0} fails the contract in {2} {3}")
  @MethodSource("brokenStores")
  void aBrokenStoreFailsTheContractInTheGroupThatOwnsTheBug(String name, Class<?> kit, String group, List<String> cases) {
    // when
    ContractRun run = ContractRun.of(selectNestedClass(List.of(kit), groupClass(group)));
    // then
    System.out.println("[teeth] " + name + ": " + run);
    assertTrue(run.failed() > 0, () -> name + " passed the whole group: " + run);
    assertTrue(run.failedByGroup.containsKey(group), () -> name + " was not caught by " + group + ": " + run);
    for (String c : cases) {
      assertTrue(run.failedByGroup.get(group).contains(c + "()"), () -> name + " was not caught by " + group + "." + c
          + ": " + run);
    }
  }

  /**
   * Run the Concurrency group against a store whose index is a plain HashMap {@code rollback.tck.teethRuns}
   * times (default 1), and require it to fail every time.
   */
  @Test
  void aPlainHashMapIndexFailsTheConcurrencyGroupInEveryRun() {
    // given
    int runs = Integer.getInteger("rollback.tck.teethRuns", 1);
    int caught = 0;
    // when
    for (int i = 0; i < runs; i++) {
      ContractRun run = ContractRun.of(selectNestedClass(List.of(PlainHashMapIndex.class),
          CheckpointStoreContract.Concurrency.class));
      System.out.println("[teeth] PlainHashMapIndex run " + (i + 1) + ": " + run);
      caught += run.failedByGroup.containsKey("Concurrency") ? 1 : 0;
    }
    // then
    System.out.println("[teeth] PlainHashMapIndex caught in " + caught + " of " + runs + " runs");
    assertEquals(runs, caught, "PlainHashMapIndex caught in " + caught + " of " + runs + " runs");
  }

  private static Class<?> groupClass(String group) {
    return Stream.of(CheckpointStoreContract.class.getDeclaredClasses())
        .filter(c -> c.getSimpleName().equals(group)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group " + group));
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

  static final class TruncatesIds extends Kit {
    TruncatesIds() {
      super(dir -> new BrokenFieldStores.TruncatesIds());
    }
  }

  static final class StoresSequenceAsInt extends Kit {
    StoresSequenceAsInt() {
      super(dir -> new BrokenFieldStores.StoresSequenceAsInt());
    }
  }

  static final class SortsSequencesAsPaddedText extends Kit {
    SortsSequencesAsPaddedText() {
      super(dir -> new BrokenFieldStores.SortsSequencesAsPaddedText());
    }
  }

  static final class DropsParentId extends Kit {
    DropsParentId() {
      super(dir -> new BrokenFieldStores.DropsParentId());
    }
  }

  static final class ReadLosesType extends Kit {
    ReadLosesType() {
      super(dir -> new BrokenFieldStores.ReadLosesType());
    }
  }

  static final class TruncatesDescriptions extends Kit {
    TruncatesDescriptions() {
      super(dir -> new BrokenFieldStores.TruncatesDescriptions());
    }
  }

  static final class DropsNanosOfCreatedAt extends Kit {
    DropsNanosOfCreatedAt() {
      super(dir -> new BrokenFieldStores.DropsNanosOfCreatedAt());
    }
  }

  static final class StoresCreatedAtAsEpochNanos extends Kit {
    StoresCreatedAtAsEpochNanos() {
      super(dir -> new BrokenFieldStores.StoresCreatedAtAsEpochNanos());
    }
  }

  static final class DropsEmptyLabelValues extends Kit {
    DropsEmptyLabelValues() {
      super(dir -> new BrokenFieldStores.DropsEmptyLabelValues());
    }
  }

  static final class NaiveLabelFormat extends Kit {
    NaiveLabelFormat() {
      super(dir -> new BrokenFieldStores.NaiveLabelFormat());
    }
  }

  static final class FoldsLabelKeyCase extends Kit {
    FoldsLabelKeyCase() {
      super(dir -> new BrokenFieldStores.FoldsLabelKeyCase());
    }
  }

  static final class StoresHashesAsBytes extends Kit {
    StoresHashesAsBytes() {
      super(dir -> new BrokenFieldStores.StoresHashesAsBytes());
    }
  }

  static final class CopiesStateHashIntoChainHash extends Kit {
    CopiesStateHashIntoChainHash() {
      super(dir -> new BrokenFieldStores.CopiesStateHashIntoChainHash());
    }
  }

  static final class StoresRawSizeAsInt extends Kit {
    StoresRawSizeAsInt() {
      super(dir -> new BrokenFieldStores.StoresRawSizeAsInt());
    }
  }

  static final class ListsStoredSizeAsShort extends Kit {
    ListsStoredSizeAsShort() {
      super(dir -> new BrokenFieldStores.ListsStoredSizeAsShort());
    }
  }

  static final class ListsLoseCompression extends Kit {
    ListsLoseCompression() {
      super(dir -> new BrokenFieldStores.ListsLoseCompression());
    }
  }

  static final class TruncatesSessionIds extends Kit {
    TruncatesSessionIds() {
      super(dir -> new BrokenFieldStores.TruncatesSessionIds());
    }
  }

  static final class DeleteSkipsValidation extends Kit {
    DeleteSkipsValidation() {
      super(dir -> new BrokenMethodStores.DeleteSkipsValidation());
    }
  }

  static final class DeleteSessionCutsLongIds extends Kit {
    DeleteSessionCutsLongIds() {
      super(dir -> new BrokenMethodStores.DeleteSessionCutsLongIds());
    }
  }

  static final class AppendThenDeleteAcrossSessions extends Kit {
    AppendThenDeleteAcrossSessions() {
      super(dir -> new BrokenMethodStores.AppendThenDeleteAcrossSessions());
    }
  }

  static final class AppendThenDeleteCountsRequests extends Kit {
    AppendThenDeleteCountsRequests() {
      super(dir -> new BrokenMethodStores.AppendThenDeleteCountsRequests());
    }
  }

  static final class KeepsDeletedIdsReserved extends Kit {
    KeepsDeletedIdsReserved() {
      super(dir -> new BrokenMethodStores.KeepsDeletedIdsReserved());
    }
  }

  static final class ServesStaleCachedRecords extends Kit {
    ServesStaleCachedRecords() {
      super(dir -> new BrokenMethodStores.ServesStaleCachedRecords());
    }
  }

  static final class UpperBoundExclusiveNewestFirst extends Kit {
    UpperBoundExclusiveNewestFirst() {
      super(dir -> new BrokenMethodStores.UpperBoundExclusiveNewestFirst());
    }
  }

  static final class ListenerFailureFailsAppend extends Kit {
    ListenerFailureFailsAppend() {
      super(dir -> new BrokenMethodStores.ListenerFailureFailsAppend());
    }
  }

  static final class ClaimsListenersButReportsNothing extends Kit {
    ClaimsListenersButReportsNothing() {
      super(dir -> new BrokenMethodStores.ClaimsListenersButReportsNothing());
    }
  }

  static final class EvictsSilently extends Kit {
    EvictsSilently() {
      super(dir -> new BrokenMethodStores.EvictsSilently());
    }
  }

  static final class SwallowsInterrupts extends Kit {
    SwallowsInterrupts() {
      super(dir -> new BrokenMethodStores.SwallowsInterrupts());
    }
  }

  static final class SharesOneFileChannel extends Kit {
    SharesOneFileChannel() {
      super(BrokenMethodStores.SharesOneFileChannel::new);
    }
  }

  static final class AppliesTombstonesById extends Kit {
    AppliesTombstonesById() {
      super(BrokenDurableStores.AppliesTombstonesById::new);
    }
  }

  static final class PlainHashMapIndex extends Kit {
    PlainHashMapIndex() {
      super(dir -> new BrokenConcurrentStores.PlainHashMapIndex());
    }
  }

  static final class WritesLabelsWithWriteUtf extends Kit {
    WritesLabelsWithWriteUtf() {
      super(dir -> new BrokenFieldStores.WritesLabelsWithWriteUtf());
    }
  }

  static final class ReadSkipsValidation extends Kit {
    ReadSkipsValidation() {
      super(dir -> new BrokenMethodStores.ReadSkipsValidation());
    }
  }

  static final class ListTrimsSessionIds extends Kit {
    ListTrimsSessionIds() {
      super(dir -> new BrokenMethodStores.ListTrimsSessionIds());
    }
  }

  static final class LatestSkipsValidation extends Kit {
    LatestSkipsValidation() {
      super(dir -> new BrokenMethodStores.LatestSkipsValidation());
    }
  }

  static final class KeepsDeletedSequencesReserved extends Kit {
    KeepsDeletedSequencesReserved() {
      super(dir -> new BrokenMethodStores.KeepsDeletedSequencesReserved());
    }
  }
}
