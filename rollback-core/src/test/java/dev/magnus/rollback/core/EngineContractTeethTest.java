package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditLog;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The engine contract has teeth: engines broken in typical ways ({@link BrokenEngines}, built by
 * decorating the default engine) each fail it; the delta engines ({@link BrokenDeltaEngines}) are run
 * against the Deltas group alone and must fail the cases named. They are run through the JUnit Platform Launcher;
 * Surefire does not discover them on its own because their file is not named like a test.
 */
class EngineContractTeethTest {
  private static final String LONG_RUN = "everyCheckpointOfALongRunRestoresItsExactStateAndNoDeltaChainExceedsMaxChain";
  private static final String SMALL_DELTA = "oneChangedAttributeIsStoredAsADeltaOfAtMostATenthOfTheFullState";
  private static final String DAMAGED_BASE = "aDamagedBaseFailsTheRestoreOfItsDependentNamingBothAndNotOfACheckpointThatDoesNotNeedIt";
  private static final String RETENTION = "retentionAcrossBasesKeepsAtMostMaxCheckpointsAndEveryKeptCheckpointRestorable";
  private static final String CRASH = "aCrashBetweenTheFullSnapshotAndTheDeletionsKeepsEveryCheckpointRestorableAndTheNextAppendDeletes";
  private static final String RESUME = "aResumedSessionRestoresTheNewestStateAndGoesOnWritingDeltasAgainstIt";

  private static TestExecutionSummary run(Class<?> contract) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(),
        listener);
    return listener.getSummary();
  }

  /** Return the names of the contract's methods that failed. */
  private static Set<String> failedCases(Class<?> contract) {
    return run(contract).getFailures().stream().map(f -> f.getTestIdentifier().getSource())
        .flatMap(Optional::stream).filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName()).collect(Collectors.toSet());
  }

  /**
   * Run only the contract's Deltas group (the nested class is the kit's, package-private, so it is
   * named) and return how each of its cases ended, by method name.
   */
  private static Map<String, TestExecutionResult> deltaCases(Class<?> contract) throws ClassNotFoundException {
    Class<?> deltas = Class.forName("dev.magnus.rollback.tck.SessionRollbackEngineContract$Deltas");
    Map<String, TestExecutionResult> results = new HashMap<>();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectNestedClass(List.of(contract), deltas)).build(), new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            id.getSource().filter(MethodSource.class::isInstance)
                .ifPresent(source -> results.put(((MethodSource) source).getMethodName(), result));
          }
        });
    return results;
  }

  private static Set<String> failedDeltaCases(Class<?> contract) throws ClassNotFoundException {
    return deltaCases(contract).entrySet().stream().filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED)
        .map(Map.Entry::getKey).collect(Collectors.toSet());
  }

  @Test
  void theDefaultEngineItselfPassesEverything() {
    TestExecutionSummary summary = run(DefaultEngineContractTest.class);

    assertEquals(0, summary.getTotalFailureCount(), summary.getFailures().toString());
    assertTrue(summary.getTestsSucceededCount() >= 25, "cases run: " + summary.getTestsSucceededCount());
  }

  @Test
  void anEngineThatChangesStateBeforeTheCommitPointFails() {
    assertTrue(run(BrokenEngines.ChangesStateEarly.class).getTotalFailureCount() > 0);
  }

  @Test
  void anEngineThatSkipsHashVerificationFails() {
    assertTrue(run(BrokenEngines.SkipsVerification.class).getTotalFailureCount() > 0);
  }

  @Test
  void anEngineWithoutAnAuditLogFails() {
    assertTrue(run(BrokenEngines.ForgetsAudit.class).getTotalFailureCount() > 0);
  }

  @Test
  void anEngineThatCannotResumeFails() {
    assertTrue(run(BrokenEngines.CannotResume.class).getTotalFailureCount() > 0);
  }

  @Test
  void anEngineThatNeverRunsTheStrategyFailsTheRecoveryCases() {
    Set<String> failed = failedCases(BrokenEngines.SkipsTheStrategy.class);

    assertTrue(failed.containsAll(Set.of("recoverRestoresWhatTheStrategyChoseBehindARecoveryPoint",
        "theStrategyIsGivenTheSessionTheFailureAndItsCheckpoints", "aSuccessfulRecoveryIsAuditedAndObserved")),
        failed::toString);
  }

  @Test
  void anEngineThatIgnoresTheFailureTypeFails() {
    assertTrue(failedCases(BrokenEngines.IgnoresTheFailureType.class).contains("theFailureTypeSelectsTheStrategy"));
  }

  @Test
  void anEngineThatLetsAStrategysExceptionEscapeFails() {
    assertTrue(failedCases(BrokenEngines.LetsStrategyExceptionsThrough.class)
        .contains("aStrategyThatThrowsGivesAFailedResultNotAnException"));
  }

  @Test
  void anEngineThatSwallowsAMissingStrategyFails() {
    assertTrue(failedCases(BrokenEngines.SwallowsAMissingStrategy.class)
        .contains("aStrategyNameWithoutAStrategyFailsWithProviderNotFoundAndChangesNothing"));
  }

  @Test
  void anEngineThatLeavesRecoveriesOutOfTheAuditFails() {
    Set<String> failed = failedCases(BrokenEngines.ForgetsRecoveryAudit.class);

    assertTrue(failed.containsAll(Set.of("aSuccessfulRecoveryIsAuditedAndObserved",
        "aRecoveryThatGivesUpIsAFailedResultAuditedAsFailedAndChangesNothing")), failed::toString);
  }

  @Test
  void anEngineThatHidesFirstAttemptsFromObserversFails() {
    Set<String> failed = failedCases(BrokenEngines.HidesFirstAttempts.class);

    assertTrue(failed.containsAll(Set.of("aFirstTrySuccessTheStrategyDidNotReportIsObservedAsAttemptOne",
        "aStrategyThatThrowsBeforeReportingIsStillObservedAsOneAttempt")), failed::toString);
  }

  @Test
  void anEngineWhoseCleanupDoesNothingFails() {
    Set<String> failed = failedCases(BrokenEngines.CleanupDoesNothing.class);

    assertTrue(failed.containsAll(Set.of("cleanupDeletesExpiredCheckpointsOfAnIdleSessionButNeverTheNewestOrAPinnedOne",
        "cleanupAppliesMaxCheckpointsAndSweepsSessionsStoredButNotOpen")), failed::toString);
  }

  @Test
  void anEngineThatNeverSchedulesTheSweepFails() {
    assertTrue(failedCases(BrokenEngines.NeverSchedulesTheSweep.class)
        .contains("theScheduledSweepPrunesAnIdleSessionOnItsOwnAndObserversHearIt"));
  }

  @Test
  void anEngineThatForksFromTheCurrentStateFails() {
    Set<String> failed = failedCases(BrokenEngines.ForksFromTheCurrentState.class);

    assertTrue(failed.containsAll(Set.of("forkStartsANewSessionWhoseSessionStartHoldsTheCheckpointsStateWithForkedFromLabels",
        "forkFromADamagedCheckpointIsRefusedAndWritesNothing",
        "forkFromAnUnknownSessionOrCheckpointIsRefusedAndWritesNothing")), failed::toString);
  }

  @Test
  void anEngineThatDeletesOpenSessionsWithoutForceFails() {
    assertTrue(failedCases(BrokenEngines.DeletesOpenSessionsWithoutForce.class)
        .contains("deletingAnOpenSessionIsRefusedUnlessForcedAndTheDeletionIsAudited"));
  }

  @Test
  void anEngineThatIgnoresThePageLimitFails() {
    assertTrue(failedCases(BrokenEngines.IgnoresThePageLimit.class)
        .contains("sessionsPagesThroughEveryStoredSessionInOrderWithACursor"));
  }

  @Test
  void anEngineThatNeverVerifiesQueriedCheckpointsFails() {
    assertTrue(failedCases(BrokenEngines.NeverVerifiesQueries.class)
        .contains("aVerifiedQueryReportsADamagedCheckpointAndTheIntactOnes"));
  }

  @Test
  void anEngineWithoutDeltasHasEveryDeltaCaseSkippedWithTheReason() throws ClassNotFoundException {
    Map<String, TestExecutionResult> results = deltaCases(BrokenDeltaEngines.WithoutDeltas.class);

    assertEquals(6, results.size(), results::toString);
    results.forEach((name, result) -> {
      assertEquals(TestExecutionResult.Status.ABORTED, result.getStatus(), name + ": " + result);
      assertTrue(result.getThrowable().map(Throwable::getMessage).orElse("").contains("without delta checkpoints"),
          name + ": " + result);
    });
  }

  @Test
  void theDefaultEngineWithDeltasPassesEveryDeltaCase() throws ClassNotFoundException {
    Map<String, TestExecutionResult> results = deltaCases(DefaultEngineContractTest.class);

    assertEquals(6, results.size(), results::toString);
    results.forEach((name, result) -> assertEquals(TestExecutionResult.Status.SUCCESSFUL, result.getStatus(),
        name + ": " + result));
  }

  @Test
  void anEngineThatIgnoresMaxChainFails() throws ClassNotFoundException {
    Set<String> failed = failedDeltaCases(BrokenDeltaEngines.IgnoresMaxChain.class);

    assertTrue(failed.containsAll(Set.of(LONG_RUN, RESUME)), failed::toString);
  }

  @Test
  void anEngineThatNeverStoresADeltaFails() throws ClassNotFoundException {
    Set<String> failed = failedDeltaCases(BrokenDeltaEngines.NeverStoresADelta.class);

    assertTrue(failed.containsAll(Set.of(SMALL_DELTA, LONG_RUN, DAMAGED_BASE, RESUME)), failed::toString);
  }

  @Test
  void anEngineThatSkipsHashVerificationAppliesAnAlteredPatchAndFails() throws ClassNotFoundException {
    assertTrue(failedDeltaCases(BrokenEngines.SkipsVerification.class).contains(DAMAGED_BASE));
  }

  @Test
  void anEngineThatBlamesTheTargetForItsDamagedBaseFails() throws ClassNotFoundException {
    assertTrue(failedDeltaCases(BrokenDeltaEngines.BlamesTheTarget.class).contains(DAMAGED_BASE));
  }

  @Test
  void anEngineWhoseRetentionDropsBasesThatKeptDeltasNeedFails() throws ClassNotFoundException {
    Set<String> failed = failedDeltaCases(BrokenDeltaEngines.DropsDeltaBases.class);

    assertTrue(failed.containsAll(Set.of(LONG_RUN, DAMAGED_BASE, RETENTION, CRASH, RESUME)), failed::toString);
  }

  @Test
  void anEngineThatDeletesBeforeAppendingFails() throws ClassNotFoundException {
    assertTrue(failedDeltaCases(BrokenDeltaEngines.DeletesBeforeAppending.class).contains(CRASH));
  }

  @Test
  void anEngineThatTakesAFailedDeletionForDoneFails() throws ClassNotFoundException {
    assertTrue(failedDeltaCases(BrokenDeltaEngines.SwallowsDeleteFailures.class).contains(CRASH));
  }

  @Test
  void anEngineThatCannotResumeFailsTheDeltaResumeCase() throws ClassNotFoundException {
    assertTrue(failedDeltaCases(BrokenEngines.CannotResume.class).contains(RESUME));
  }
}
