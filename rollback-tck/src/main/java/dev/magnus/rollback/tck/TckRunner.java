package dev.magnus.rollback.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
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
 * Run the store contract or the strategy contract against a provider found by name on the class path:
 * {@code java -cp ... dev.magnus.rollback.tck.TckRunner --store file [--directory-option path]
 * [--reports dir]} or {@code ... --strategy DECOMPOSE [--kind STEP_REPLAY] [--replays-steps true] [--reports dir]}.
 *
 * <p>{@code --directory-option} names the store option that receives each test's directory (default
 * {@code directory}); {@code --kind} names the strategy's {@link StrategyKind} (an unknown kind is bad
 * usage), and {@code --replays-steps true} means {@code --kind STEP_REPLAY}. Prints passed / failed / skipped per group, writes JUnit XML
 * into the reports directory (default {@code tck-reports}), and exits 0 when nothing failed, 1 when a
 * case failed, 2 on bad usage or an unknown provider name. Stateless; {@link #run} may be called from
 * tests and tools. Providers are found with {@link ServiceLoader} through the thread's context class
 * loader, so a tool can add a third party's jar by setting it.
 */
public final class TckRunner {
  private static final String USAGE = "usage: TckRunner (--store <name> [--directory-option <key>] | --strategy <name> "
      + "[--kind <KIND>] [--replays-steps true]) [--reports <dir>]";

  private TckRunner() {}

  /**
   * Run and exit with the status.
   *
   * @param args the options described above
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Run a contract and report.
   *
   * @param args the options described above
   * @param out where to print the report
   * @return 0 when nothing failed, 1 when a case failed, 2 on bad usage or an unknown provider
   */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, new TestExecutionListener() {});
  }

  /**
   * Run a contract and report, telling a listener about each case as it runs (for progress).
   *
   * @param args the options described above
   * @param out where to print the report
   * @param progress notified of every test as JUnit runs it
   * @return 0 when nothing failed, 1 when a case failed, 2 on bad usage or an unknown provider
   */
  public static int run(String[] args, PrintStream out, TestExecutionListener progress) {
    Map<String, String> options = parse(args);
    String store = options.get("--store");
    String strategy = options.get("--strategy");
    if ((store == null) == (strategy == null)) {
      out.println(USAGE + "; available stores: " + storeNames() + "; available strategies: " + strategyNames());
      return 2;
    }
    if (store != null && storeProvider(store).isEmpty()) {
      return unknown(out, "CheckpointStoreProvider", store, storeNames());
    }
    if (strategy != null && strategyProvider(strategy).isEmpty()) {
      return unknown(out, "RecoveryStrategyProvider", strategy, strategyNames());
    }
    Optional<String> badKind = badKind(options.get("--kind"));
    if (badKind.isPresent()) {
      out.println(badKind.get());
      return 2;
    }
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    if (store != null) {
      request.selectors(selectClass(ProviderStoreContract.class))
          .configurationParameter(ProviderStoreContract.STORE_PARAMETER, store)
          .configurationParameter(ProviderStoreContract.DIRECTORY_OPTION_PARAMETER,
              options.getOrDefault("--directory-option", "path"));
    } else {
      request.selectors(selectClass(ProviderStrategyContract.class))
          .configurationParameter(ProviderStrategyContract.STRATEGY_PARAMETER, strategy)
          .configurationParameter(ProviderStrategyContract.REPLAYS_STEPS_PARAMETER,
              options.getOrDefault("--replays-steps", "false"));
      if (options.containsKey("--kind")) {
        request.configurationParameter(ProviderStrategyContract.KIND_PARAMETER, options.get("--kind"));
      }
    }
    return execute(request, store != null ? "store contract against '" + store + "'"
        : "strategy contract against '" + strategy + "'", Path.of(options.getOrDefault("--reports", "tck-reports")),
        out, progress);
  }

  private static int execute(LauncherDiscoveryRequestBuilder request, String title, Path reports, PrintStream out,
      TestExecutionListener progress) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    GroupCounts groups = new GroupCounts();
    PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    LauncherFactory.create().execute(request.build(), summary, groups, progress,
        new LegacyXmlReportGeneratingListener(reports, writer));
    out.printf("TCK %s%n%-18s %7s %7s %7s%n", title, "group", "passed", "failed", "skipped");
    groups.counts.forEach((group, c) -> out.printf("%-18s %7d %7d %7d%n", group, c[0], c[1], c[2]));
    summary.getSummary().printFailuresTo(writer, 20);
    long failed = summary.getSummary().getTotalFailureCount();
    out.printf("%d passed, %d failed, %d skipped%n", summary.getSummary().getTestsSucceededCount(), failed,
        summary.getSummary().getTestsSkippedCount() + summary.getSummary().getTestsAbortedCount());
    out.println("JUnit XML: " + reports);
    return failed == 0 ? 0 : 1;
  }

  private static Optional<String> badKind(String kind) {
    try {
      Optional.ofNullable(kind).ifPresent(ProviderStrategyContract::kind);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static int unknown(PrintStream out, String type, String name, List<String> available) {
    out.println("no " + type + " named '" + name + "' on the class path; available: " + available
        + ". Add the provider's jar (its META-INF/services registers it) to the class path.");
    return 2;
  }

  /** Find a store provider by name with {@link ServiceLoader}. */
  static Optional<CheckpointStoreProvider> storeProvider(String name) {
    return ServiceLoader.load(CheckpointStoreProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst();
  }

  /** Find a strategy provider by name with {@link ServiceLoader}. */
  static Optional<RecoveryStrategyProvider> strategyProvider(String name) {
    return ServiceLoader.load(RecoveryStrategyProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst();
  }

  private static List<String> storeNames() {
    return ServiceLoader.load(CheckpointStoreProvider.class).stream().map(p -> p.get().name()).sorted().toList();
  }

  private static List<String> strategyNames() {
    return ServiceLoader.load(RecoveryStrategyProvider.class).stream().map(p -> p.get().name()).sorted().toList();
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
