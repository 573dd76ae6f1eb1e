package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckCommandTest {
  @Test
  void theShippedFileIsValid() {
    Cli.Result result = Cli.run("config", "check", Path.of("..", "config", "session-rollback-config.yaml").toString());

    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("is valid") && result.out().contains("store file"), result::toString);
  }

  @Test
  void aBadFileListsEveryProblemWithItsLineAndExitsOne(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "checkpoint:\n  maxCheckpoints: -2\naudit:\n  sinc: none\n");

    Cli.Result result = Cli.run("config", "check", bad.toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("2 problems"), result::toString);
    assertTrue(result.out().contains("checkpoint.maxCheckpoints (line 2, col 19): must be >= 1, was -2"), result::toString);
    assertTrue(result.out().contains("did you mean 'sink'?"), result::toString);
  }

  @Test
  void aMissingFileIsAProblemNotACrash(@TempDir Path dir) {
    Cli.Result result = Cli.run("config", "check", dir.resolve("nope.yaml").toString());

    assertEquals(1, result.code(), result::toString);
    assertTrue((result.out() + result.err()).contains("nope.yaml"), result::toString);
  }
}
