package dev.magnus.rollback.cli;

import static dev.magnus.rollback.CheckpointType.PATTERN_MILESTONE;
import static dev.magnus.rollback.CheckpointType.PRE_ROLLBACK;
import static dev.magnus.rollback.CheckpointType.RECOVERY_POINT;
import static dev.magnus.rollback.CheckpointType.SCORING_DECISION;
import static dev.magnus.rollback.CheckpointType.SESSION_START;
import static dev.magnus.rollback.CheckpointType.THERAPEUTIC_PHASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private static final List<CheckpointType> ONE_RUN = List.of(THERAPEUTIC_PHASE, PATTERN_MILESTONE, SCORING_DECISION,
      THERAPEUTIC_PHASE, PRE_ROLLBACK, RECOVERY_POINT, RECOVERY_POINT);

  private static List<Checkpoint> stored(Path data) {
    try (CheckpointStore store = FileStores.open(data)) {
      return store.list(DemoCommand.DEFAULT_SESSION, CheckpointQuery.all());
    }
  }

  private static List<CheckpointType> runs(int n) {
    List<CheckpointType> types = new ArrayList<>(List.of(SESSION_START));
    for (int i = 0; i < n; i++) {
      types.addAll(ONE_RUN);
    }
    return types;
  }

  @Test
  void theDemoStoresTheExpectedTimelineAndASecondRunResumesIt(@TempDir Path dir) {
    // given
    Path data = dir.resolve("data");
    // when
    Cli.Result first = Cli.run("demo", "--data", data.toString());
    List<Checkpoint> afterFirst = stored(data);
    Cli.Result second = Cli.run("demo", "--data", data.toString());
    List<Checkpoint> afterSecond = stored(data);
    // then
    assertEquals(0, first.code(), first::toString);
    assertEquals(runs(1), afterFirst.stream().map(Checkpoint::type).toList());
    assertTrue(first.out().contains("initialize") && first.out().contains("DECOMPOSE for SCORING_CALCULATION_ERROR -> SUCCESS")
        && first.out().contains("recovery attempt 2 of step 'scoreModels' after waiting 50 ms"), first::toString);
    assertTrue(first.out().contains("OPUS_CONSULTATION") && first.out().contains("audit chain        verified"),
        first::toString);
    assertTrue(first.out().contains("restart + resume   engine closed, store reopened from disk"), first::toString);
    assertTrue(first.out().contains("integrity          verified 8 checkpoints"), first::toString);
    assertEquals(0, second.code(), second::toString);
    assertTrue(second.out().contains("resume             session demo-session found in the store: resumed at #8 "
        + "RECOVERY_POINT"), second::toString);
    assertTrue(second.out().contains("run 2 of session demo-session"), second::toString);
    assertEquals(runs(2), afterSecond.stream().map(Checkpoint::type).toList());
    assertEquals(afterFirst, afterSecond.subList(0, afterFirst.size()), "the first run's checkpoints are kept");
  }

  @Test
  void freshDeletesTheStoredSessionAndStartsOver(@TempDir Path dir) {
    // given
    Path data = dir.resolve("data");
    Cli.run("demo", "--data", data.toString());
    // when
    Cli.Result again = Cli.run("demo", "--data", data.toString(), "--fresh");
    // then
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("deleted the stored session demo-session"), again::toString);
    assertEquals(runs(1), stored(data).stream().map(Checkpoint::type).toList());
  }

  @Test
  void theDemoRunsOnTheMemoryStoreToo() {
    // when
    Cli.Result result = Cli.run("demo", "--store", "memory");
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("new engine on the same store") && result.out().contains("demo finished"),
        result::toString);
  }

  @Test
  void anUnknownStoreIsAUsageErrorWithTheAvailableNames() {
    // when
    Cli.Result result = Cli.run("demo", "--store", "nosuchstore");
    // then
    assertEquals(ExitCodes.USAGE, result.code(), result::toString);
    assertTrue(result.err().contains("error: --store nosuchstore: no store provider named 'nosuchstore'")
        && result.err().contains("available: file, jdbc, memory"), result::toString);
  }

  @Test
  void helpListsEverySubcommandAndTheExitCodes() {
    // when
    Cli.Result result = Cli.run("--help");
    // then
    assertEquals(0, result.code());
    for (String command : List.of("demo", "inspect", "verify", "restore", "tck", "Exit codes")) {
      assertTrue(result.out().contains(command), result::toString);
    }
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertEquals(2, Cli.run("demo", "--no-such-option").code());
  }

  @Test
  void withMetricsTheDemoPrintsTheMetersThatMovedAfterTheRun(@TempDir Path dir) {
    // given / when
    Cli.Result result = Cli.run("demo", "--metrics", "--data", dir.resolve("data").toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("metrics            "), result::toString);
    assertTrue(result.out().contains("rollback.recoveries{failure=scoring_calculation_error,outcome=success,"
        + "strategy=decompose}"), result::toString);
    assertTrue(result.out().contains("rollback.store.force"), result::toString);
    assertTrue(result.out().contains("rollback.sessions.open") && !result.out().contains("demo-session}"),
        result::toString);
  }

  @Test
  void withoutMetricsTheDemoPrintsNoMeters(@TempDir Path dir) {
    Cli.Result result = Cli.run("demo", "--data", dir.resolve("data").toString());
    assertEquals(0, result.code(), result::toString);
    assertTrue(!result.out().contains("rollback.checkpoints.created"), result::toString);
  }
}
