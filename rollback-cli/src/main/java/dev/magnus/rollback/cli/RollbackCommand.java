package dev.magnus.rollback.cli;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.ProviderNotFoundException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code rollback} command: dispatch to subcommands. One table of exit codes for every command:
 * 0 ok, 1 problems found, 2 usage, 3 store unavailable (see {@code --help}).
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, version = "rollback 0.1.0-SNAPSHOT",
    description = "Checkpoint-based session state with atomic rollback.",
    subcommands = {DemoCommand.class, InspectCommand.class, ShowCommand.class, DiffCommand.class,
        TimelineCommand.class, VerifyCommand.class, RepairCommand.class, RestoreCommand.class, ForkCommand.class,
        ExportCommand.class, ImportCommand.class, CopyCommand.class, RekeyCommand.class, TckCommand.class,
        ConfigCommand.class, CommandLine.HelpCommand.class})
public final class RollbackCommand implements Runnable {
  private final Map<String, String> environment;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Create the command reading the process environment; picocli instantiates it. */
  public RollbackCommand() {
    this(System.getenv());
  }

  private RollbackCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Run the command line and exit with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // The connection pool's start and stop notices (INFO) are not for a command's user; warnings still show.
    QUIET.setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine().execute(args));
  }

  /** Held so the level set in main() is not lost when the logger would otherwise be collected. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("com.zaxxer.hikari");

  /**
   * Build the command line on the process environment.
   *
   * @return the configured command line
   */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /**
   * Build the command line reading environment variables (the HMAC key) from a map: a usage error
   * prints one line and where to find the usage; a failure prints one line and exits with its code.
   *
   * @param environment the environment variables the commands see
   * @return the configured command line
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine cli = new CommandLine(new RollbackCommand(Objects.requireNonNull(environment, "environment")));
    ExitCodes.apply(cli);
    cli.setParameterExceptionHandler(RollbackCommand::usageError);
    cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command));
    return cli;
  }

  Map<String, String> environment() {
    return environment;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String line = e.getMessage();
    if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      line += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
    }
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText("error: " + line) + " (see `"
        + command.getCommandSpec().qualifiedName() + " --help`)");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int failure(Exception e, CommandLine command) {
    int code = ExitCodes.PROBLEMS;
    if (e instanceof CommandFailure f) {
      code = f.exitCode();
    } else if (e instanceof ProviderNotFoundException || e instanceof ConfigInvalidException) {
      code = ExitCodes.USAGE;
    }
    PrintWriter err = command.getErr();
    err.println(command.getColorScheme().errorText("error: " + (e.getMessage() == null ? e.toString() : e.getMessage())));
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
