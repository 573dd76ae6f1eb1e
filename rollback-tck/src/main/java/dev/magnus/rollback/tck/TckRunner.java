package dev.magnus.rollback.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Run the store contract against a provider found by name on the class path:
 * {@code java -cp ... dev.magnus.rollback.tck.TckRunner --store file [--reports dir]}.
 *
 * <p>Prints passed / failed / skipped per group, writes JUnit XML into the reports directory (default
 * {@code tck-reports}), and exits 0 when nothing failed, 1 when a case failed, 2 on bad usage or an
 * unknown provider name. Stateless; {@link #run} may be called from tests.
 */
public final class TckRunner {
  private TckRunner() {}

  /**
   * Run and exit with the status.
   *
   * @param args {@code --store <name>} and optionally {@code --reports <dir>}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Run the store contract and report.
   *
   * @param args {@code --store <name>} and optionally {@code --reports <dir>}
   * @param out where to print the report
   * @return 0 when nothing failed, 1 when a case failed, 2 on bad usage or an unknown provider
   */
  public static int run(String[] args, PrintStream out) {
    Map<String, String> options = parse(args);
    String name = options.get("--store");
    if (name == null) {
      out.println("usage: TckRunner --store <provider name> [--reports <dir>]; available stores: " + names());
      return 2;
    }
    if (provider(name).isEmpty()) {
      out.println("no CheckpointStoreProvider named '" + name + "' on the class path; available: " + names()
          + ". Add the store's jar (its META-INF/services registers the provider) to the class path.");
      return 2;
    }
    Path reports = Path.of(options.getOrDefault("--reports", "tck-reports"));
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    GroupCounts groups = new GroupCounts();
    PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(ProviderStoreContract.class))
        .configurationParameter(ProviderStoreContract.STORE_PARAMETER, name).build(),
        summary, groups, new LegacyXmlReportGeneratingListener(reports, writer));
    out.printf("TCK store contract against '%s'%n%-18s %7s %7s %7s%n", name, "group", "passed", "failed", "skipped");
    groups.counts.forEach((group, c) -> out.printf("%-18s %7d %7d %7d%n", group, c[0], c[1], c[2]));
    summary.getSummary().printFailuresTo(writer, 20);
    long failed = summary.getSummary().getTotalFailureCount();
    out.printf("%d passed, %d failed, %d skipped%n", summary.getSummary().getTestsSucceededCount(), failed,
        summary.getSummary().getTestsSkippedCount() + summary.getSummary().getTestsAbortedCount());
    out.println("JUnit XML: " + reports);
    return failed == 0 ? 0 : 1;
  }

  /** Find a provider by name with {@link ServiceLoader}. */
  static Optional<CheckpointStoreProvider> provider(String name) {
    return ServiceLoader.load(CheckpointStoreProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst();
  }

  private static List<String> names() {
    return ServiceLoader.load(CheckpointStoreProvider.class).stream().map(p -> p.get().name()).sorted().toList();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  /** Count passed, failed and skipped tests per @Nested group. */
  private static final class GroupCounts implements TestExecutionListener {
    final Map<String, long[]> counts = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest()) {
        counts.computeIfAbsent(group(id), g -> new long[3])[2]++;
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (id.isTest()) {
        int column = switch (result.getStatus()) {
          case SUCCESSFUL -> 0;
          case FAILED -> 1;
          case ABORTED -> 2;
        };
        counts.computeIfAbsent(group(id), g -> new long[3])[column]++;
      }
    }

    private String group(TestIdentifier id) {
      Optional<TestIdentifier> current = Optional.of(id);
      while (current.isPresent()) {
        if (current.get().getSource().filter(ClassSource.class::isInstance).isPresent()) {
          return current.get().getDisplayName();
        }
        current = plan.getParent(current.get());
      }
      return "?";
    }
  }
}
