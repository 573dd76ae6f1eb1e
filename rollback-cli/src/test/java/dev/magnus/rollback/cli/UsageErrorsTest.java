package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors exit 2 with one line naming what was wrong and where the usage is, never the whole usage:
 * empty and malformed arguments, unknown options and provider names.
 */
class UsageErrorsTest {
  @TempDir
  Path dir;

  private static void assertOneLineUsageError(Cli.Result result, String expected) {
    assertEquals(ExitCodes.USAGE, result.code(), result::toString);
    assertEquals(1, result.err().strip().lines().count(), "one line: " + result);
    assertTrue(result.err().contains(expected), result::toString);
    assertTrue(result.err().matches("(?s)error: .*\\(see `rollback [a-z ]+--help`\\)\\s*"), result::toString);
    assertFalse((result.err() + result.out()).contains("Usage:"), "not the whole usage: " + result);
  }

  @Test
  void anEmptySessionIdIsAUsageError() {
    Path data = dir.resolve("data");
    HistoryStore.write(data);
    assertOneLineUsageError(Cli.run("inspect", "", "--data", data.toString()), "the session id is empty");
    assertOneLineUsageError(Cli.run("show", " ", "X1", "--data", data.toString()), "is blank");
  }

  @Test
  void aMalformedCheckpointIdIsOneLine() {
    Path data = dir.resolve("data");
    List<Checkpoint> written = HistoryStore.write(data);
    assertOneLineUsageError(Cli.run("restore", "s-1", "../x", "--data", data.toString()),
        "'../x' is not a checkpoint id: an id has 1 to 64 characters from [0-9A-Za-z_-]");
    assertOneLineUsageError(Cli.run("diff", "s-1", written.get(0).id().value(), "", "--data", data.toString()),
        "the checkpoint id is empty");
    assertOneLineUsageError(Cli.run("show", "s-1", "a b", "--data", data.toString()), "is not a checkpoint id");
  }

  @Test
  void anUnknownOptionIsOneLineWithASuggestion() {
    assertOneLineUsageError(Cli.run("verify", "--jsn"), "Unknown option: '--jsn'");
    assertTrue(Cli.run("verify", "--jsn").err().contains("did you mean --json?"));
    assertOneLineUsageError(Cli.run("inspect", "a", "b"), "Unmatched argument");
  }

  @Test
  void aMissingArgumentIsOneLine() {
    assertOneLineUsageError(Cli.run("show", "s-1"), "Missing required parameter: 'CHECKPOINT'");
    assertOneLineUsageError(Cli.run("timeline"), "Missing required parameter: 'SESSION'");
  }

  @Test
  void anUnknownStoreProviderIsAUsageErrorForEveryStoreCommand() {
    for (String command : List.of("demo", "inspect", "verify")) {
      Cli.Result result = Cli.run(command, "--store", "nosuch");
      assertOneLineUsageError(result, "--store nosuch: no store provider named 'nosuch' on the class path; "
          + "available: file, jdbc, memory");
    }
  }

  @Test
  void anEmptyDataPathIsAUsageErrorNotTheWorkingDirectory() {
    assertOneLineUsageError(Cli.run("verify", "--data", ""), "the path is empty");
    assertOneLineUsageError(Cli.run("demo", "--data", " "), "the path is empty");
  }
}
