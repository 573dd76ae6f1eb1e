package dev.magnus.rollback.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Work with configuration files; {@code config check FILE} validates one. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Validate a file exactly as an engine starting from it would: the file's own rules, then the
   * start-up checks of {@code SessionRollback.Builder} (every provider name on the class path, the
   * HMAC key variable set, the stores distinct), all problems at once with their line:column.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Validate a configuration file as an engine starting from it would: every key and value "
          + "(with -Drollback.<key> overrides), every provider name (storage.type, storage.spilloverType, "
          + "recovery.strategy, recovery.byFailureType) against this command's class path plus --classpath jars, "
          + "and the environment variables integrity.hmacKeyEnv and integrity.encryption.keys name (each key: set, "
          + "base64 of 32 bytes). Every problem is printed with its key "
          + "path and line:column, with a \"did you mean\" for misspelt names."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the file is valid and an engine would start from it",
          "1:problems found (each one printed), or the file cannot be read",
          "2:bad usage (a missing argument, an unknown option, a --classpath jar that does not exist)"})
  static final class Check implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML file, e.g. config/session-rollback-config.yaml.")
    private Path file;

    @Option(names = "--classpath", paramLabel = "JAR", split = "[:;]", splitSynopsisLabel = ":",
        description = "Jars with third-party store or strategy providers the configuration names.")
    private List<Path> classpath = new ArrayList<>();

    @Option(names = "--json", description = "Print {\"file\", \"valid\", \"problems\": [...], \"store\", \"strategy\"} "
        + "as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
      try (URLClassLoader loader = new URLClassLoader(urls(), Check.class.getClassLoader())) {
        Optional<RollbackConfig> config = Optional.empty();
        List<String> problems;
        try {
          RollbackConfigLoader.Loaded loaded = RollbackConfigLoader.read(file, System.getProperties());
          SessionRollback.Builder builder = SessionRollback.builder().classLoader(loader).config(loaded)
              .environment(((RollbackCommand) spec.root().userObject()).environment());
          problems = builder.problems();
          config = Optional.of(problems.isEmpty() ? builder.checkedConfig() : loaded.config());
        } catch (ConfigInvalidException e) {
          problems = e.problems();
        }
        if (json) {
          printJson(config, problems);
        } else {
          printText(config, problems);
        }
        return problems.isEmpty() ? 0 : 1;
      }
    }

    private URL[] urls() {
      List<URL> urls = new ArrayList<>();
      for (Path jar : classpath) {
        if (!Files.exists(jar)) {
          throw new ParameterException(spec.commandLine(), "--classpath: " + jar + " does not exist");
        }
        try {
          urls.add(jar.toUri().toURL());
        } catch (MalformedURLException e) {
          throw new ParameterException(spec.commandLine(), "--classpath: " + jar + " is not a usable path: "
              + e.getMessage());
        }
      }
      return urls.toArray(URL[]::new);
    }

    private void printText(Optional<RollbackConfig> config, List<String> problems) {
      Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
      if (!problems.isEmpty()) {
        out.bad(file + " is not valid: " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        problems.forEach(out::detail);
        return;
      }
      RollbackConfig c = config.orElseThrow();
      out.good(file + " is valid");
      out.detail("store " + c.storage().type() + ", recovery " + c.recovery().strategy()
          + (c.recovery().byFailureType().isEmpty() ? "" : " " + c.recovery().byFailureType())
          + ", maxCheckpoints " + c.checkpoint().maxCheckpoints()
          + (c.equals(RollbackConfig.ofDefaults()) ? " (all defaults)" : ""));
    }

    private void printJson(Optional<RollbackConfig> config, List<String> problems) {
      Writer w = spec.commandLine().getOut();
      try (JsonGenerator g = new JsonFactory().createGenerator(w).useDefaultPrettyPrinter()) {
        g.writeStartObject();
        g.writeStringField("file", file.toString());
        g.writeBooleanField("valid", problems.isEmpty());
        g.writeArrayFieldStart("problems");
        for (String p : problems) {
          g.writeString(p);
        }
        g.writeEndArray();
        if (config.isPresent()) {
          g.writeStringField("store", config.get().storage().type());
          g.writeStringField("strategy", config.get().recovery().strategy());
        }
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spec.commandLine().getOut().println();
    }
  }
}
