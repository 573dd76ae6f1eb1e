package dev.magnus.rollback.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Run the store contract or the strategy contract against a provider found by name on the class path:
 * {@code java -cp ... dev.magnus.rollback.tck.TckRunner --store file [--directory-option path]
 * [--reports dir]} or {@code ... --strategy DECOMPOSE [--kind STEP_REPLAY] [--replays-steps true] [--reports dir]}.
 *
 * <p>{@code --directory-option} names the store option that receives each test's directory (default
 * {@code path}); {@code --kind} names the strategy's {@link StrategyKind} (an unknown kind is bad usage),
 * and {@code --replays-steps true} means {@code --kind STEP_REPLAY}; {@code --groups Corruption,CrashRecovery}
 * runs only the groups named.
 * A store provider that also implements
 * {@link dev.magnus.rollback.spi.StoreFileLayout} runs the Corruption group; a DURABLE one runs the
 * CrashRecovery group in a child JVM started on this JVM's class path. Prints passed / failed / skipped
 * per group and each distinct skip reason once, writes JUnit XML into the reports directory (default
 * {@code tck-reports}) with class names qualified by the provider, and exits 0 when nothing failed, 1
 * when a case failed, 2 on bad usage (an unknown option, a missing value) or an unknown provider name.
 *
 * <p>Stateless; {@link #run} may be called from tests and tools. Providers are found with
 * {@link ServiceLoader} through the thread's context class loader, so a tool can add a third party's
 * jar by setting it.
 */
public final class TckRunner {
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
    RunnerOptions options = RunnerOptions.parse(args);
    Optional<String> refused = refusal(options);
    if (options.help() || refused.isPresent()) {
      out.println(refused.orElse(RunnerOptions.USAGE + "\n" + available()));
      return refused.isPresent() ? 2 : 0;
    }
    Path reports = Path.of(options.reports());
    LauncherDiscoveryRequestBuilder request = request(options)
        .configurationParameter(ContractSummaryExtension.SUMMARY_PARAMETER, "false")
        .configurationParameter(ContractSummaryExtension.REPORTS_PARAMETER, reports.toString());
    return execute(request, title(options), reports, out, progress);
  }

  /**
   * Count the cases a run with these options would run, parameterized invocations included, without
   * running any: lets a tool show a progress total from the start.
   *
   * @param args the options described above
   * @return the number of cases, or empty on bad usage or an unknown provider
   */
  public static OptionalLong countCases(String[] args) {
    RunnerOptions options = RunnerOptions.parse(args);
    if (options.help() || refusal(options).isPresent()) {
      return OptionalLong.empty();
    }
    SummaryGeneratingListener counted = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request(options)
        .configurationParameter(ContractSummaryExtension.DRY_RUN_PARAMETER, "true").build(), counted);
    return OptionalLong.of(counted.getSummary().getTestsFoundCount());
  }

  /** Say what is wrong with the options or the provider's name, in one line; empty when all is right. */
  private static Optional<String> refusal(RunnerOptions options) {
    if (options.problem().isPresent() || options.help()) {
      return options.problem();
    }
    if (options.store().isPresent() == options.strategy().isPresent()) {
      return Optional.of(RunnerOptions.USAGE + "; " + available());
    }
    if (options.store().isPresent() && storeProvider(options.store().get()).isEmpty()) {
      return Optional.of(unknown("CheckpointStoreProvider", options.store().get(), storeNames()));
    }
    if (options.strategy().isPresent() && strategyProvider(options.strategy().get()).isEmpty()) {
      return Optional.of(unknown("RecoveryStrategyProvider", options.strategy().get(), strategyNames()));
    }
    Map<String, Class<?>> groups = ContractGroups.of(contract(options));
    return options.groups().stream().filter(g -> !groups.containsKey(g)).findFirst()
        .map(g -> "unknown group '" + g + "' in --groups; the groups are " + groups.keySet());
  }

  private static Class<?> contract(RunnerOptions options) {
    return options.store().isPresent() ? ProviderStoreContract.class : ProviderStrategyContract.class;
  }

  /** Select the whole contract, or only the groups named by {@code --groups}. */
  private static List<DiscoverySelector> selectors(RunnerOptions options) {
    Class<?> contract = contract(options);
    if (options.groups().isEmpty()) {
      return List.of(selectClass(contract));
    }
    Map<String, Class<?>> groups = ContractGroups.of(contract);
    return options.groups().stream()
        .<DiscoverySelector>map(g -> selectNestedClass(List.of(contract), groups.get(g))).toList();
  }

  private static LauncherDiscoveryRequestBuilder request(RunnerOptions options) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectors(options));
    if (options.store().isPresent()) {
      return request
          .configurationParameter(ProviderStoreContract.STORE_PARAMETER, options.store().get())
          .configurationParameter(ProviderStoreContract.DIRECTORY_OPTION_PARAMETER, options.directoryOption())
          .configurationParameter(ContractSummaryExtension.REPORT_NAME_PARAMETER, "tck.store." + options.store().get());
    }
    String strategy = options.strategy().orElseThrow();
    options.kind().ifPresent(kind -> request.configurationParameter(ProviderStrategyContract.KIND_PARAMETER, kind));
    return request.configurationParameter(ProviderStrategyContract.STRATEGY_PARAMETER, strategy)
        .configurationParameter(ProviderStrategyContract.REPLAYS_STEPS_PARAMETER,
            Boolean.toString(options.replaysSteps()))
        .configurationParameter(ContractSummaryExtension.REPORT_NAME_PARAMETER, "tck.strategy." + strategy);
  }

  private static String title(RunnerOptions options) {
    return options.store().map(s -> "store contract against '" + s + "'")
        .orElseGet(() -> "strategy contract against '" + options.strategy().orElseThrow() + "'");
  }

  private static int execute(LauncherDiscoveryRequestBuilder request, String title, Path reports, PrintStream out,
      TestExecutionListener progress) {
    SummaryGeneratingListener totals = new SummaryGeneratingListener();
    RunnerSummaryListener groups = new RunnerSummaryListener(new ContractSummary(title));
    PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
    LauncherFactory.create().execute(request.build(), totals, groups, progress);
    groups.summary().print(writer);
    totals.getSummary().printFailuresTo(writer, 20);
    long failed = totals.getSummary().getTotalFailureCount();
    writer.println("JUnit XML: " + reports);
    writer.flush();
    return failed == 0 ? 0 : 1;
  }

  private static String unknown(String type, String name, List<String> available) {
    return "no " + type + " named '" + name + "' on the class path; available: " + available
        + ". Add the provider's jar (its META-INF/services registers it) to the class path.";
  }

  private static String available() {
    return "available stores: " + storeNames() + "; available strategies: " + strategyNames();
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
}
