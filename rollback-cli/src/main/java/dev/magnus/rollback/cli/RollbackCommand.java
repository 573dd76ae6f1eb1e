package dev.magnus.rollback.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rollback} command: dispatch to subcommands. */
@Command(name = "rollback", mixinStandardHelpOptions = true, version = "rollback 0.1.0-SNAPSHOT",
    description = "Checkpoint-based session state with atomic rollback.",
    subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
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
    System.exit(new CommandLine(new RollbackCommand()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
