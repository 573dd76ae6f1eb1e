package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TckCommandTest {
  @Test
  void theStrategyContractPassesForImmediateWithProgressAndJunitXml(@TempDir Path reports) throws Exception {
    // when
    Cli.Result result = Cli.run("tck", "--strategy", "IMMEDIATE", "--reports", reports.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("TCK strategy contract against 'IMMEDIATE'") && result.out().contains(" 0 failed"),
        result::toString);
    assertTrue(result.err().contains("TCK [") && result.err().contains("0 failed"), result::toString);
    try (var files = Files.list(reports)) {
      assertTrue(files.anyMatch(p -> p.toString().endsWith(".xml")), "JUnit XML written");
    }
  }

  @Test
  void anUnknownProviderNameExitsTwoListingTheAvailableOnes(@TempDir Path reports) {
    Cli.Result result = Cli.run("tck", "--store", "nosuch", "--reports", reports.toString());
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.out().contains("available: [file, memory]"), result::toString);
  }

  @Test
  void storeAndStrategyTogetherOrAMissingJarAreUsageErrors(@TempDir Path dir) {
    assertEquals(2, Cli.run("tck", "--store", "memory", "--strategy", "IMMEDIATE").code());
    assertEquals(2, Cli.run("tck").code());
    Cli.Result missing = Cli.run("tck", "--store", "memory", "--classpath", dir.resolve("absent.jar").toString());
    assertEquals(2, missing.code(), missing::toString);
    assertTrue(missing.err().contains("absent.jar"), missing::toString);
  }
}
