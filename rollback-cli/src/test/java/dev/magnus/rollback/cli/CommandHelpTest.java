package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The --help of every command ends with the one table of exit codes, and the commands that read or
 * repair a file store say what they change.
 */
class CommandHelpTest {
  private static String help(String... command) {
    Cli.Result result = Cli.run(command);
    assertEquals(0, result.code(), result::toString);
    return result.out().replaceAll("\\s+", " ");
  }

  @Test
  void everyCommandsHelpEndsWithTheSameExitCodeTable() {
    CommandLine root = RollbackCommand.commandLine();
    Map<String, CommandLine> all = CliReferenceTest.commands(root);
    assertTrue(all.size() >= 12, all.keySet().toString());
    for (Map.Entry<String, CommandLine> command : all.entrySet()) {
      String usage = command.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
      String table = usage.substring(usage.indexOf("Exit codes:"));
      assertTrue(table.startsWith("Exit codes: 0 ok 1 problems found: "), command.getKey() + ": " + usage);
      assertTrue(table.contains(" 2 usage: ") && table.contains(" 3 store unavailable: locked by another process"),
          command.getKey() + ": " + usage);
      assertEquals(1, usage.split("Exit codes:", -1).length - 1, command.getKey() + ": one table");
    }
  }

  @Test
  void theReadCommandsSayTheyOpenTheStoreReadOnlyAndChangeNothing() {
    for (String command : new String[] {"verify", "inspect", "show", "diff", "timeline"}) {
      String help = help(command, "--help");
      assertTrue(help.contains("Opens the file store read-only: nothing in --data is created, changed or repaired"),
          command + ": " + help);
    }
  }

  @Test
  void repairSaysItPlansFirstAndChangesNothingWithoutYes() {
    String help = help("repair", "--help");
    assertTrue(help.contains("First opens it read-only and prints what it found and exactly what a repair will do"),
        help);
    assertTrue(help.contains("the damaged original is kept as segment-N.log.corrupt"), help);
    assertTrue(help.contains("Without --yes nothing is changed: it prints the plan and exits 1"), help);
  }

  @Test
  void verifysHelpSaysItChecksTheAuditLog() {
    String help = help("verify", "--help");
    assertTrue(help.contains("Also checks every hash chain of the audit log"), help);
  }
}
