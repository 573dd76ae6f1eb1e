package dev.magnus.rollback.cli;

import dev.magnus.rollback.tck.TckRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Run rollback-tck's store or strategy contract against a provider on the class path, optionally
 * adding a third party's jars, with a progress line on standard error.
 */
@Command(name = "tck", mixinStandardHelpOptions = true,
    description = {"Run the conformance kit against a store or strategy provider found by name on the class path; "
        + "--classpath adds a third party's jars.",
        "Prints passed/failed/skipped per group and writes JUnit XML. See rollback-tck/TCK.md."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every case passed (optional groups may be skipped, with the reason)", "1:a case failed",
        "2:bad usage, an unknown provider name or a missing jar"})
final class TckCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  /** Exactly one of --store and --strategy. */
  static final class Target {
    @Option(names = "--store", paramLabel = "NAME", description = "Run the store contract against this store provider.")
    String store;

    @Option(names = "--strategy", paramLabel = "NAME",
        description = "Run the strategy contract against this recovery strategy provider.")
    String strategy;
  }

  @Option(names = "--classpath", paramLabel = "JAR", split = "[:;]", splitSynopsisLabel = ":",
      description = "Jars or directories to add to the class path (repeat the option, or separate them with : or ;).")
  private List<Path> classpath = new ArrayList<>();

  @Option(names = "--reports", defaultValue = "tck-reports", paramLabel = "DIR",
      description = "Where to write the JUnit XML (default: ${DEFAULT-VALUE}).")
  private Path reports;

  @Option(names = "--directory-option", paramLabel = "KEY",
      description = "The store option that receives each test's directory (default: path for the file store, "
          + "directory otherwise).")
  private String directoryOption;

  @Option(names = "--replays-steps", arity = "0..1", paramLabel = "BOOLEAN",
      description = "Run the Steps group: the strategy replays the failed operation's steps (default: true for "
          + "DECOMPOSE, false otherwise).")
  private Boolean replaysSteps;

  @Override
  public Integer call() throws IOException {
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(urls(), TckCommand.class.getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      int status;
      try (PrintStream stream = new PrintStream(report, true, StandardCharsets.UTF_8)) {
        status = TckRunner.run(arguments(), stream, new Progress(spec.commandLine().getErr()));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(report.toString(StandardCharsets.UTF_8));
      out.flush();
      return status;
    } finally {
      Thread.currentThread().setContextClassLoader(parent);
    }
  }

  private URL[] urls() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        throw new ParameterException(spec.commandLine(), "--classpath: " + p + " does not exist");
      }
      urls.add(p.toUri().toURL());
    }
    return urls.toArray(new URL[0]);
  }

  private String[] arguments() {
    List<String> args = new ArrayList<>(List.of("--reports", reports.toString()));
    if (target.store != null) {
      args.addAll(List.of("--store", target.store, "--directory-option",
          directoryOption != null ? directoryOption : "path"));
    } else {
      boolean steps = replaysSteps != null ? replaysSteps : "DECOMPOSE".equals(target.strategy);
      args.addAll(List.of("--strategy", target.strategy, "--replays-steps", Boolean.toString(steps)));
      if ("PROGRESSIVE".equals(target.strategy)) {
        args.addAll(List.of("--kind", "BEFORE_FIRST_BAD"));
      }
    }
    return args.toArray(new String[0]);
  }

  /*
   * Print "[done/total] failed" on one line of standard error, rewritten as cases finish. The total
   * grows while parameterized cases register (JUnit knows them only when it runs their container).
   */
  private static final class Progress implements TestExecutionListener {
    private final PrintWriter err;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
      total.set(plan.countTestIdentifiers(TestIdentifier::isTest));
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier id) {
      if (id.isTest()) {
        total.incrementAndGet();
      }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
      err.println();
      err.flush();
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (id.isTest()) {
        report(result.getStatus() == TestExecutionResult.Status.FAILED);
      }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest()) {
        report(false);
      }
    }

    private synchronized void report(boolean caseFailed) {
      long n = done.incrementAndGet();
      long f = caseFailed ? failed.incrementAndGet() : failed.get();
      err.print("\rTCK [" + n + "/" + total.get() + "] " + f + " failed");
      err.flush();
    }
  }
}
