package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check the runner: exit codes, the per-group report and the JUnit XML. */
class TckRunnerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCorrectStorePassesPrintsEveryGroupAndWritesJunitXml(@TempDir Path reports) throws IOException {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-reference", "--reports", reports.toString()}, out);
    // then
    assertEquals(0, status, this::printed);
    assertTrue(printed().contains("RoundTrip") && printed().contains("Durability"), this::printed);
    assertTrue(printed().contains(" 0 failed"), this::printed);
    try (Stream<Path> files = Files.list(reports)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().endsWith(".xml")), "no JUnit XML written");
    }
  }

  @Test
  void aBrokenStoreFailsWithExitCodeOne(@TempDir Path reports) {
    // when
    int status = TckRunner.run(new String[] {"--store", "tck-ignores-delete", "--reports", reports.toString()}, out);
    // then
    assertEquals(1, status, this::printed);
    assertTrue(printed().matches("(?s).*Deletion\\s+\\d+\\s+[1-9]\\d*\\s+\\d+.*"), this::printed);
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
}
