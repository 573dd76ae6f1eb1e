package dev.magnus.rollback.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rollback} command: dispatch to subcommands. Exit codes, the same for every subcommand:
 * 0 success, 1 a problem was found or the operation failed, 2 bad usage (bad input included: a
 * {@code --data} that holds no store); {@code repair} adds 3, damage found and nothing changed.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, version = "rollback 0.1.0-SNAPSHOT",
    description = "Checkpoint-based session state with atomic rollback.",
    subcommands = {DemoCommand.class, InspectCommand.class, VerifyCommand.class, RepairCommand.class,
        RestoreCommand.class, TckCommand.class, ConfigCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a problem was found, or the operation failed",
        "2:bad usage, or bad input such as a --data that holds no store",
        "3:`repair` without --yes found something to repair and changed nothing"})
public final class RollbackCommand implements Runnable {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Create the command; picocli instantiates it. */
  public RollbackCommand() {}

  /**
   * Run the command line and exit with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Build the command line: an error in a subcommand prints its message (no stack trace) and exits 1.
   *
   * @return the configured command line
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RollbackCommand());
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println(command.getColorScheme().errorText("error: " + message(e)));
      command.getErr().flush();
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cli;
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
