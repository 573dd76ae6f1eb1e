package dev.magnus.rollback.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Show the progress of a contract run on standard error, against a total counted before the run
 * started. On a terminal one line is rewritten as cases finish ({@code \rTCK [done/total] n failed});
 * otherwise (a CI log, a pipe) a plain line is printed as each group finishes, with its counts, so
 * the log holds no carriage returns. Used by one run; JUnit may report from several threads.
 */
final class TckProgress implements TestExecutionListener {
  private final PrintWriter err;
  private final long total;
  private final boolean terminal;
  private final Map<String, long[]> groups = new HashMap<>();
  private long done;
  private long failed;
  private TestPlan plan;

  /**
   * Start showing progress.
   *
   * @param err where to print
   * @param total the number of cases the run will report
   * @param terminal whether {@code err} is a terminal, where a line may be rewritten
   */
  TckProgress(PrintWriter err, long total, boolean terminal) {
    this.err = err;
    this.total = total;
    this.terminal = terminal;
  }

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    if (terminal) {
      err.println();
    }
    err.flush();
  }

  @Override
  public synchronized void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      count(id, 2);
    } else if (isGroup(id)) {
      err.printf("TCK %s: skipped: %s%n", id.getDisplayName(), reason);
      err.flush();
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isTest()) {
      count(id, switch (result.getStatus()) {
        case SUCCESSFUL -> 0;
        case FAILED -> 1;
        case ABORTED -> 2;
      });
    } else if (!terminal && isGroup(id)) {
      long[] c = groups.getOrDefault(id.getDisplayName(), new long[3]);
      err.printf("TCK %s: %d passed, %d failed, %d skipped [%d/%d]%n", id.getDisplayName(), c[0], c[1], c[2], done,
          total);
      err.flush();
    }
  }

  private void count(TestIdentifier id, int column) {
    done++;
    failed += column == 1 ? 1 : 0;
    group(id).ifPresent(g -> groups.computeIfAbsent(g.getDisplayName(), k -> new long[3])[column]++);
    if (terminal) {
      err.print("\rTCK [" + done + "/" + total + "] " + failed + " failed");
      err.flush();
    }
  }

  /** A group is a class container inside another class container: a {@code @Nested} class. */
  private boolean isGroup(TestIdentifier id) {
    return isClass(id) && plan.getParent(id).filter(TckProgress::isClass).isPresent();
  }

  private Optional<TestIdentifier> group(TestIdentifier id) {
    Optional<TestIdentifier> at = plan.getParent(id);
    while (at.isPresent() && !isClass(at.get())) {
      at = plan.getParent(at.get());
    }
    return at;
  }

  private static boolean isClass(TestIdentifier id) {
    return id.getSource().filter(ClassSource.class::isInstance).isPresent();
  }
}
