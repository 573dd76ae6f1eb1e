package dev.magnus.rollback.cli;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
   * Validate a file exactly as the engine would load it (with {@code -Drollback.*} overrides), and
   * print every problem with its key path and line:column.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Validate a configuration file as the engine loads it, including -Drollback.<key> system "
          + "property overrides, and print every problem with its key path and line:column."},
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the file is valid", "1:the file has problems (each one printed) or cannot be read",
          "2:bad usage"})
  static final class Check implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML file, e.g. config/session-rollback-config.yaml.")
    private Path file;

    @Override
    public Integer call() {
      Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
      try {
        RollbackConfig config = RollbackConfigLoader.load(file, System.getProperties());
        out.good(file + " is valid");
        out.detail("store " + config.storage().type() + ", recovery " + config.recovery().strategy()
            + (config.recovery().byFailureType().isEmpty() ? "" : " " + config.recovery().byFailureType())
            + ", maxCheckpoints " + config.checkpoint().maxCheckpoints()
            + (config.equals(RollbackConfig.ofDefaults()) ? " (all defaults)" : ""));
        return 0;
      } catch (ConfigInvalidException e) {
        out.bad(file + " is not valid: " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
        e.problems().forEach(out::detail);
        return 1;
      }
    }
  }
}
