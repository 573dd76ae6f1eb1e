package dev.magnus.rollback.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Run a contract subclass through the JUnit Platform Launcher, in this JVM, and report which tests
 * failed by group (the {@code @Nested} class's display name). The teeth tests use it to prove that
 * each broken implementation fails the contract; the contracts' own summaries stay off, so the build
 * log shows only the teeth tests' verdicts.
 */
final class ContractRun {
  /** Failed test display names by group. */
  final Map<String, TreeSet<String>> failedByGroup = new TreeMap<>();
  final TestExecutionSummary summary;

  private ContractRun(TestExecutionSummary summary) {
    this.summary = summary;
  }

  static ContractRun of(Class<?> contractClass) {
    return of(selectClass(contractClass));
  }

  static ContractRun of(DiscoverySelector... selectors) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    Map<String, TreeSet<String>> failures = new TreeMap<>();
    TestExecutionListener byGroup = new TestExecutionListener() {
      private TestPlan plan;

      @Override
      public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.FAILED && id.isTest()) {
          failures.computeIfAbsent(group(plan, id), g -> new TreeSet<>()).add(id.getDisplayName());
        }
      }
    };
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
        .configurationParameter(ContractSummaryExtension.SUMMARY_PARAMETER, "false").build(), summary, byGroup);
    ContractRun run = new ContractRun(summary.getSummary());
    run.failedByGroup.putAll(failures);
    return run;
  }

  /** Return the display name of the nearest enclosing class container: the @Nested group. */
  static String group(TestPlan plan, TestIdentifier id) {
    Optional<TestIdentifier> current = Optional.of(id);
    while (current.isPresent()) {
      TestIdentifier node = current.get();
      if (node.getSource().filter(ClassSource.class::isInstance).isPresent()) {
        return node.getDisplayName();
      }
      current = plan.getParent(node);
    }
    return "?";
  }

  long failed() {
    return summary.getTotalFailureCount();
  }

  @Override
  public String toString() {
    return "tests=" + summary.getTestsFoundCount() + " succeeded=" + summary.getTestsSucceededCount() + " failed="
        + failed() + " skipped=" + summary.getTestsSkippedCount() + " aborted=" + summary.getTestsAbortedCount()
        + " failures=" + failedByGroup;
  }
}
