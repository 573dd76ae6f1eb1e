package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The --help of the commands that read or repair a file store says what they change and what each exit code means. */
class CommandHelpTest {
  private static String help(String... command) {
    Cli.Result result = Cli.run(command);
    assertEquals(0, result.code(), result::toString);
    return result.out().replaceAll("\\s+", " ");
  }

  @Test
  void verifyAndInspectSayTheyOpenTheStoreReadOnlyAndChangeNothing() {
    for (String command : new String[] {"verify", "inspect"}) {
      String help = help(command, "--help");
      assertTrue(help.contains("Opens the file store read-only: nothing in --data is created, changed or repaired"),
          command + ": " + help);
      assertTrue(help.contains("2 bad usage, including a --data that is missing, a file, or holds no file store"),
          command + ": " + help);
    }
    assertTrue(help("verify", "--help").contains("0 everything verified: no damage"));
    assertTrue(help("verify", "--help").contains("1 a problem was found (damage,"));
  }

  @Test
  void repairSaysItPlansFirstAndChangesNothingWithoutYes() {
    String help = help("repair", "--help");
    assertTrue(help.contains("First opens it read-only and prints what it found and exactly what a repair will do"),
        help);
    assertTrue(help.contains("the damaged original is kept as segment-N.log.corrupt"), help);
    assertTrue(help.contains("Without --yes nothing is changed: it prints the plan and exits 3"), help);
    assertTrue(help.contains("3 damage found and nothing changed (no --yes)"), help);
    assertTrue(help.contains("0 the store is healthy: nothing to repair, or repaired and verified"), help);
  }

  @Test
  void theRootHelpListsRepairAndItsExitCode() {
    String help = help("--help");
    assertTrue(help.contains(" repair "), help);
    assertTrue(help.contains("3 `repair` without --yes found something to repair and changed nothing"), help);
  }
}
