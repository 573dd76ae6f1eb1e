package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check, for DURABLE stores that name a {@link DurableStoreFactory}, that {@code kill -9} never loses an
 * acknowledged checkpoint nor exposes a partial one. A child JVM ({@link CrashWriter}) appends in a
 * loop; the parent kills it with {@link ProcessHandle#destroyForcibly()} (SIGKILL on Linux; unlike
 * {@link Process#destroyForcibly()} it leaves the pipe open, so acknowledgements printed just before
 * death are still read) after a random number of
 * acknowledgements, reopens the store and checks it. Iterations: system property
 * {@value #ITERATIONS_PROPERTY} (default {@value #DEFAULT_ITERATIONS}).
 */
abstract class CrashRecoveryCases extends StoreCases {
  /** The system property that sets how many kill-and-reopen iterations run. */
  static final String ITERATIONS_PROPERTY = "rollback.tck.crashIterations";
  /** The default number of iterations: short enough for CI. */
  static final int DEFAULT_ITERATIONS = 5;
  private static final int PAYLOAD = 4096;
  private static final String SESSION_ID = "crash-sessão";
  private String factoryClass;

  @BeforeEach
  final void requireDurableFactory() {
    assumeCapability(StoreCapability.DURABLE);
    factoryClass = contract().storeFactoryClass().orElse(null);
    assumeTrue(factoryClass != null,
        "the store is DURABLE but the contract does not override storeFactoryClass(), so no child JVM can open it");
    store.close();
  }

  @Test
  void killDashNineNeverLosesAnAcknowledgedCheckpointNorShowsAPartialOne() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<Long> acknowledged = new TreeSet<>();
    int iterations = Integer.getInteger(ITERATIONS_PROPERTY, DEFAULT_ITERATIONS);
    for (int i = 1; i <= iterations; i++) {
      // given
      int killAfter = 1 + random.nextInt(40);
      String where = "iteration " + i + " of " + iterations + " (seed " + seed + ", killed after " + killAfter + " acks)";
      // when
      acknowledged.addAll(runAndKill(killAfter, i, where));
      // then
      verify(acknowledged, where);
    }
  }

  private Set<Long> runAndKill(int killAfter, int iteration, String where) throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), factoryClass, dir.toString(), SESSION_ID, Integer.toString(PAYLOAD))
        .redirectError(root.resolve("crash-writer-" + iteration + ".err").toFile());
    Process child = builder.start();
    Set<Long> acks = new ConcurrentSkipListSet<>();
    CountDownLatch enough = new CountDownLatch(killAfter);
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<?> lines = reader.submit(() -> readAcks(child, acks, enough));
      boolean reached = enough.await(WAIT_SECONDS, TimeUnit.SECONDS);
      child.toHandle().destroyForcibly();
      assertTrue(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), where + ": the child did not die");
      await(lines);
      assertTrue(reached, () -> where + ": the child acknowledged only " + acks + "; its stderr is in "
          + root.relativize(root.resolve("crash-writer-" + iteration + ".err")) + ": " + stderr(iteration));
      return acks;
    } finally {
      child.destroyForcibly();
      reader.shutdownNow();
    }
  }

  private static Void readAcks(Process child, Set<Long> acks, CountDownLatch enough) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("ACK ")) {
          acks.add(Long.parseLong(line.substring(4).trim()));
          enough.countDown();
        }
      }
    }
    return null;
  }

  private String stderr(int iteration) {
    try {
      return Files.readString(root.resolve("crash-writer-" + iteration + ".err"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private void verify(Set<Long> acknowledged, String where) {
    CheckpointStore reopened = track(contract().reopenStore(dir));
    try {
      List<Checkpoint> listed = reopened.list(SESSION_ID, dev.magnus.rollback.spi.CheckpointQuery.all());
      for (long seq : acknowledged) {
        var expected = TckCheckpoints.record(SESSION_ID, seq, PAYLOAD);
        var actual = reopened.read(SESSION_ID, expected.checkpoint().id());
        assertTrue(actual.isPresent(), () -> where + ": acknowledged sequence " + seq + " is missing");
        assertEquals(expected, actual.get(), where + ": acknowledged sequence " + seq + " differs");
      }
      for (int k = 0; k < listed.size(); k++) {
        Checkpoint c = listed.get(k);
        assertEquals(k + 1L, c.sequence(), where + ": sequences must be 1..n without holes");
        assertEquals(TckCheckpoints.record(SESSION_ID, c.sequence(), PAYLOAD),
            reopened.read(SESSION_ID, c.id()).orElseThrow(), where + ": a partial checkpoint is visible");
      }
    } finally {
      reopened.close();
    }
  }
}
