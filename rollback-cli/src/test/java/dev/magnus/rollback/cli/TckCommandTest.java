package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.tck.TckRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TckCommandTest {
  private static final Pattern GROUP_LINE = Pattern.compile(
      "(?m)^TCK (\\w+): (\\d+) passed, (\\d+) failed, (\\d+) skipped \\[(\\d+)/(\\d+)]$");

  @Test
  void theStrategyContractPassesForImmediateWithJunitXml(@TempDir Path reports) throws Exception {
    // when
    Cli.Result result = Cli.run("tck", "--strategy", "IMMEDIATE", "--reports", reports.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("TCK strategy contract against 'IMMEDIATE'") && result.out().contains(" 0 failed"),
        result::toString);
    try (var files = Files.list(reports)) {
      assertTrue(files.anyMatch(p -> p.toString().endsWith(".xml")), "JUnit XML written");
    }
  }

  @Test
  void withoutATerminalEachGroupGetsOnePlainLineAgainstATotalKnownFromTheStart(@TempDir Path reports) {
    // when
    Cli.Result result = Cli.run("tck", "--strategy", "IMMEDIATE", "--reports", reports.toString());
    // then
    assertFalse(result.err().contains("\r"), "no carriage returns in a log: " + result);
    Matcher line = GROUP_LINE.matcher(result.err());
    java.util.Set<String> groups = new java.util.LinkedHashSet<>();
    long lines = 0;
    long cases = 0;
    long total = -1;
    while (line.find()) {
      lines++;
      groups.add(line.group(1));
      cases += Long.parseLong(line.group(2)) + Long.parseLong(line.group(3)) + Long.parseLong(line.group(4));
      assertTrue(total == -1 || total == Long.parseLong(line.group(6)), "the total never changes: " + result);
      total = Long.parseLong(line.group(6));
    }
    assertEquals(groups.size(), lines, "one line per group, none twice: " + result);
    assertTrue(groups.containsAll(List.of("Outcomes", "Integrity", "NoPartialState", "Steps")), "every group: " + result);
    assertEquals(total, cases, "the total counted before the run is what ran: " + result);
  }

  @Test
  void theReportGivesEachSkipReasonOnce(@TempDir Path reports) {
    // when
    Cli.Result result = Cli.run("tck", "--strategy", "IMMEDIATE", "--reports", reports.toString());
    // then
    String reasons = result.out().substring(result.out().indexOf("skipped, with the reason:\n"));
    assertEquals(1, reasons.split("these cases are for \\[STEP_REPLAY]", -1).length - 1,
        "the STEP_REPLAY reason once, for all its groups: " + result);
    assertTrue(reasons.contains("Steps (5)") && reasons.contains("Attempts (5)"), result::toString);
    assertTrue(result.err().contains("TCK Steps: 0 passed, 0 failed, 5 skipped"), result::toString);
  }

  @Test
  void onATerminalOneLineIsRewrittenUpToTheTotal(@TempDir Path reports) {
    // given
    String[] args = {"--strategy", "IMMEDIATE", "--reports", reports.toString()};
    long total = TckRunner.countCases(args).orElseThrow();
    StringWriter err = new StringWriter();
    // when
    TckRunner.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new TckProgress(new PrintWriter(err), total, true));
    // then
    assertTrue(err.toString().startsWith("\rTCK [1/" + total + "] 0 failed"), err::toString);
    assertTrue(err.toString().contains("\rTCK [" + total + "/" + total + "] 0 failed"), err::toString);
    assertEquals(List.of(), GROUP_LINE.matcher(err.toString()).results().toList(), "no group lines on a terminal");
  }

  @Test
  void theFileStoreRunsItsCrashRecoveryGroupByName(@TempDir Path reports) {
    // when
    Cli.Result result = Cli.run("tck", "--store", "file", "--groups", "CrashRecovery", "--reports", reports.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.err().contains("TCK CrashRecovery: 1 passed, 0 failed, 0 skipped [1/1]"), result::toString);
  }

  @Test
  void anUnknownProviderNameExitsTwoListingTheAvailableOnes(@TempDir Path reports) {
    Cli.Result result = Cli.run("tck", "--store", "nosuch", "--reports", reports.toString());
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.out().contains("available: [file, jdbc, memory]"), result::toString);
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
