package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill a child JVM that appends (kill -9 through {@link ProcessHandle#destroyForcibly()}) at a random moment,
 * again and again, and check that every checkpoint it acknowledged is there, byte for byte. Acknowledgements still
 * in the pipe when the child died are read to the end and checked too. The number
 * of iterations is the system property {@code rollback.crashIterations} (5 by default, 1,000 with
 * {@code -Psoak}).
 */
class KillNineTest {
  @TempDir
  Path dir;

  @TempDir
  Path logs;

  @Test
  @Timeout(value = 12, unit = TimeUnit.HOURS)
  void everyAcknowledgedCheckpointSurvivesKillNine() throws Exception {
    // given
    int iterations = Integer.getInteger("rollback.crashIterations", 5);
    SplittableRandom random = new SplittableRandom(Long.getLong("rollback.crashSeed", System.nanoTime()));
    Map<String, Long> acknowledged = new HashMap<>();
    Path store = dir.resolve("store");

    for (int i = 0; i < iterations; i++) {
      // when
      int killAfter = 1 + random.nextInt(60);
      runAndKill(store, killAfter, acknowledged, i);

      // then
      assertAllAcknowledgedPresent(store, acknowledged, i);
    }
    assertTrue(acknowledged.values().stream().mapToLong(Long::longValue).sum() >= iterations,
        "each child acknowledged at least one append");
  }

  private void runAndKill(Path store, int killAfter, Map<String, Long> acknowledged, int iteration)
      throws IOException, InterruptedException {
    Process child = ChildJvm.start(logs.resolve("child-" + iteration + ".err"), "append", store);
    int acks = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        String[] parts = line.split(" ");
        if (parts.length == 4 && parts[0].equals("ACK") && parts[3].equals("END")) {
          acknowledged.merge(parts[1], Long.parseLong(parts[2]), Math::max);
          if (++acks == killAfter) {
            child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it keeps stdout open
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertTrue(acks >= killAfter, "child " + iteration + " died early: " + Files.readString(
        logs.resolve("child-" + iteration + ".err")));
  }

  private static void assertAllAcknowledgedPresent(Path store, Map<String, Long> acknowledged, int iteration) {
    try (CheckpointStore reopened = FileStores.open(store)) {
      assertEquals(0, reopened.stats().corruptions(), "iteration " + iteration);
      for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
        for (long seq = 1; seq <= e.getValue(); seq++) {
          assertEquals(Optional.of(Fixtures.record(e.getKey(), seq, StoreChild.PAYLOAD)),
              reopened.read(e.getKey(), Fixtures.id(e.getKey(), seq)),
              "iteration " + iteration + ": " + e.getKey() + " #" + seq);
        }
      }
    }
  }
}
