package dev.magnus.rollback.cli;

import dev.magnus.rollback.tck.TckRunner;
import java.io.ByteArrayOutputStream;
import java.io.File;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Run rollback-tck's store or strategy contract against a provider on the class path, optionally
 * adding a third party's jars, with progress on standard error ({@link TckProgress}) against a total
 * counted before the run starts. The report on standard output is the runner's: passed / failed /
 * skipped per group, each skip reason once, the failures.
 *
 * <p>The crash test's child JVM is started on {@code java.class.path}; while the command runs, the
 * {@code --classpath} entries are appended to that property (and restored after), so the child finds
 * a third party's store too.
 */
@Command(name = "tck", mixinStandardHelpOptions = true,
    description = {"Run the conformance kit against a store or strategy provider found by name on the class path; "
        + "--classpath adds a third party's jars.",
        "Prints passed/failed/skipped per group and each skip reason, and writes JUnit XML. "
            + "See rollback-tck/TCK.md."},
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
      description = "The store option that receives each test's directory (default: path, the name the shipped "
          + "stores use).")
  private String directoryOption;

  @Option(names = "--replays-steps", arity = "0..1", paramLabel = "BOOLEAN",
      description = "Run the Steps group: the strategy replays the failed operation's steps (default: true for "
          + "DECOMPOSE, false otherwise).")
  private Boolean replaysSteps;

  @Option(names = "--groups", paramLabel = "GROUP", split = ",",
      description = "Run only these groups, for example CrashRecovery,Corruption (default: every group).")
  private List<String> groups = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    String classPath = System.getProperty("java.class.path", "");
    try (URLClassLoader loader = new URLClassLoader(urls(), TckCommand.class.getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      System.setProperty("java.class.path", withAddedEntries(classPath));
      return runAndReport();
    } finally {
      System.setProperty("java.class.path", classPath);
      Thread.currentThread().setContextClassLoader(parent);
    }
  }

  private int runAndReport() {
    String[] args = arguments();
    long total = TckRunner.countCases(args).orElse(0);
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    int status;
    try (PrintStream stream = new PrintStream(report, true, StandardCharsets.UTF_8)) {
      status = TckRunner.run(args, stream, new TckProgress(spec.commandLine().getErr(), total,
          System.console() != null));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.toString(StandardCharsets.UTF_8));
    out.flush();
    return status;
  }

  private String withAddedEntries(String classPath) {
    List<String> entries = new ArrayList<>();
    if (!classPath.isEmpty()) {
      entries.add(classPath);
    }
    classpath.forEach(p -> entries.add(p.toAbsolutePath().toString()));
    return String.join(File.pathSeparator, entries);
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
    if (!groups.isEmpty()) {
      args.addAll(List.of("--groups", String.join(",", groups)));
    }
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
}
