package dev.magnus.rollback.tck;

import dev.magnus.rollback.tck.ContractSummary.CaseResult;
import dev.magnus.rollback.tck.ContractSummary.Status;
import java.time.Duration;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Feed a {@link ContractSummary} from the launcher's events, for {@link TckRunner}: the same table the
 * contract classes print in a build, built outside the run so that the runner prints it where it was
 * asked to. A case's group is the display name of the nearest class around it. Used by one launcher
 * execution; the summary is thread-safe.
 */
final class RunnerSummaryListener implements TestExecutionListener {
  private final ContractSummary summary;
  private volatile TestPlan plan;

  RunnerSummaryListener(ContractSummary summary) {
    this.summary = summary;
  }

  ContractSummary summary() {
    return summary;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      summary.add(new CaseResult(group(plan, id), name(id), Status.SKIPPED, Optional.of(reason), Optional.empty(),
          Duration.ZERO));
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest()) {
      return;
    }
    Status status = switch (result.getStatus()) {
      case SUCCESSFUL -> Status.PASSED;
      case FAILED -> Status.FAILED;
      case ABORTED -> Status.SKIPPED;
    };
    summary.add(new CaseResult(group(plan, id), name(id), status, result.getThrowable().map(Throwable::getMessage),
        result.getThrowable(), Duration.ZERO));
  }

  /** Return the display name of the nearest class container around a test: its group. */
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

  private static String name(TestIdentifier id) {
    return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
        .orElse(id.getDisplayName());
  }
}
