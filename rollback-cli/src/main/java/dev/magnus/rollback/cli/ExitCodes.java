package dev.magnus.rollback.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/*
 * The one table of exit codes every command follows, printed at the end of every --help (set here on
 * each command of the tree, so no command can print another table) and listed in README's CLI
 * reference, which CliReferenceTest compares with it. Stateless.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int PROBLEMS = 1;
  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;

  private ExitCodes() {}

  /** Return the table: code to meaning, in order. */
  static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put(Integer.toString(OK), "ok");
    table.put(Integer.toString(PROBLEMS), "problems found: a check failed (verification, damage, a bad "
        + "configuration), or the operation failed");
    table.put(Integer.toString(USAGE), "usage: an unknown, empty or malformed argument or option, an unknown provider "
        + "name, a missing HMAC key, or a --data that holds no store");
    table.put(Integer.toString(UNAVAILABLE), "store unavailable: locked by another process, unreadable, or "
        + "read-only for a command that writes");
    return table;
  }

  /** Put the table at the end of the help of {@code cli} and of every command under it. */
  static void apply(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(table());
    cli.getSubcommands().values().forEach(ExitCodes::apply);
  }
}
