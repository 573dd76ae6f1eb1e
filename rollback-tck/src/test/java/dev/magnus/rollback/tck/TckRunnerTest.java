package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check the runner: options, exit codes, the per-group report with skip reasons and the JUnit XML. */
class TckRunnerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Return a group's row of the table: passed, failed, skipped. */
  private long[] row(String group) {
    Matcher m = Pattern.compile("(?m)^" + group + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(printed());
    assertTrue(m.find(), () -> "no row for " + group + " in\n" + printed());
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
  }

  @Test
  void aCorrectStorePassesPrintsEveryGroupAndWritesQualifiedJunitXml(@TempDir Path reports) throws IOException {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-reference", "--reports", reports.toString()}, out);
    // then
    assertEquals(0, status, this::printed);
    assertEquals(8, row("RoundTrip")[0], this::printed);
    assertTrue(printed().contains(" 0 failed"), this::printed);
    Path xml = reports.resolve("TEST-tck.store.tck-reference.xml");
    assertTrue(Files.readString(xml).contains("classname=\"tck.store.tck-reference.RoundTrip\""), "qualified XML");
  }

  @Test
  void theReportNamesEachDistinctSkipReasonOnceWithItsGroups(@TempDir Path reports) {
    // when
    TckRunner.run(new String[] {"--store", "tck-reference", "--reports", reports.toString()}, out);
    // then
    long skippedDurability = row("Durability")[2];
    String reason = "the store does not declare DURABLE, so the DURABLE cases do not apply";
    assertTrue(skippedDurability > 0, this::printed);
    assertEquals(1, printed().split(Pattern.quote(reason), -1).length - 1, this::printed);
    assertTrue(printed().contains("Durability (" + skippedDurability + ")"), this::printed);
  }

  @Test
  void aDurableProviderWithAFileLayoutRunsCrashRecoveryAndCorruptionByName(@TempDir Path reports) {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-durable-reference", "--groups", "CrashRecovery,Corruption",
        "--reports", reports.toString()}, out);
    // then
    assertEquals(0, status, this::printed);
    assertEquals(1, row("CrashRecovery")[0], this::printed);
    assertEquals(0, row("CrashRecovery")[2], this::printed);
    assertTrue(row("Corruption")[0] >= 10 && row("Corruption")[2] == 0, this::printed);
    assertTrue(!printed().contains("RoundTrip"), "--groups runs only the groups named: " + printed());
  }

  @Test
  void aBrokenStoreFailsWithExitCodeOne(@TempDir Path reports) {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-ignores-delete", "--reports", reports.toString()}, out);
    // then
    assertEquals(1, status, this::printed);
    assertTrue(row("Deletion")[1] > 0, this::printed);
  }

  @Test
  void anUnknownStoreNameExitsWithTwoAndListsTheAvailableNames() {
    // when
    int status = TckRunner.run(new String[] {"--store", "nope"}, out);
    // then
    assertEquals(2, status);
    assertTrue(printed().contains("tck-reference") && printed().contains("tck-ignores-delete"), this::printed);
  }

  @Test
  void anUnknownOptionExitsWithTwoAndOneLineNamingItAndPointingToHelp() {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-reference", "--frobnicate", "yes"}, out);
    // then
    assertEquals(2, status);
    assertEquals(1, printed().lines().count(), this::printed);
    assertTrue(printed().contains("'--frobnicate'") && printed().contains("--help"), this::printed);
  }

  @Test
  void anOptionWithoutItsValueOrAnUnknownGroupIsAUsageError() {
    assertEquals(2, TckRunner.run(new String[] {"--store"}, out));
    assertTrue(printed().contains("--store needs a value"), this::printed);
    assertEquals(2, TckRunner.run(new String[] {"--store", "tck-reference", "--groups", "Nope"}, out));
    assertTrue(printed().contains("unknown group 'Nope'") && printed().contains("Corruption"), this::printed);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    // when
    int status = TckRunner.run(new String[] {"--help"}, out);
    // then
    assertEquals(0, status);
    assertTrue(printed().startsWith("usage: TckRunner") && printed().contains("--groups"), this::printed);
  }

  @Test
  void theCaseCountIsKnownBeforeTheRunAndCountsEveryParameterizedInvocation(@TempDir Path reports) {
    // given
    String[] args = {"--store", "tck-reference", "--reports", reports.toString()};
    // when
    OptionalLong counted = TckRunner.countCases(args);
    TckRunner.run(args, out);
    // then
    Matcher totals = Pattern.compile("(\\d+) passed, (\\d+) failed, (\\d+) skipped").matcher(printed());
    assertTrue(totals.find(), this::printed);
    long ran = Long.parseLong(totals.group(1)) + Long.parseLong(totals.group(2)) + Long.parseLong(totals.group(3));
    assertEquals(ran, counted.orElseThrow(), this::printed);
    assertTrue(TckRunner.countCases(new String[] {"--bogus"}).isEmpty());
  }

  @Test
  void aCorrectStrategyPassesTheStrategyContract(@TempDir Path reports) {
    // when
    int status = TckRunner.run(new String[] {"--strategy", "tck-newest-good", "--reports", reports.toString()}, out);
    // then
    assertEquals(0, status, this::printed);
    assertTrue(printed().contains("strategy contract against 'tck-newest-good'") && printed().contains("Integrity"),
        this::printed);
  }

  @Test
  void aBrokenStrategyFailsWithExitCodeOne(@TempDir Path reports) {
    // when
    int status = TckRunner.run(new String[] {"--strategy", "tck-blind", "--reports", reports.toString()}, out);
    // then
    assertEquals(1, status, this::printed);
  }

  @Test
  void givingBothAStoreAndAStrategyIsAUsageError() {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-reference", "--strategy", "tck-newest-good"}, out);
    // then
    assertEquals(2, status);
    assertTrue(printed().contains("usage") && printed().contains("tck-newest-good"), this::printed);
  }

  @Test
  void oneJunitXmlFileIsWrittenPerRun(@TempDir Path reports) throws IOException {
    // when
    TckRunner.run(new String[] {"--strategy", "tck-newest-good", "--reports", reports.toString()}, out);
    // then
    try (Stream<Path> files = Files.list(reports)) {
      assertEquals(1, files.filter(p -> p.toString().endsWith(".xml")).count(), "one XML file per run");
    }
  }
}
