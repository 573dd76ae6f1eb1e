package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's kill -9 loop through the engine, with delta checkpoints on. Each iteration starts a
 * child JVM ({@link DeltaCrashChild}) whose engine writes to the file store ({@code fsync: always}) with
 * {@code checkpoint.delta.enabled}, {@code maxCheckpoints} 4 and {@code maxChain} 3, so that deltas, full
 * snapshots after a chain or a big change, linked full snapshots written so retention can delete old
 * bases, and kept deltas whose base is gone (rebuilt backwards) all occur. It resumes one session of 40
 * small attributes and a short history, changes a few each step (now and then a 20-60 KB one), checkpoints,
 * and every tenth call or so rolls back to a random kept checkpoint. After each call returns it prints the
 * checkpoints the call wrote (id, sequence, encoding, the descriptor's state hash and a SHA-256 of the
 * state as JSON) and those retention deleted. The parent kills it ({@link ProcessHandle#destroyForcibly()},
 * SIGKILL) after a random number of calls plus up to 3 ms, reads the acknowledgements still in the pipe,
 * then opens the store and checks: no corruption; {@link dev.magnus.rollback.core.Verification#verifySession}
 * finds no problem in any kept checkpoint; every acknowledged checkpoint not deleted by retention is
 * there and reads back, verified, with exactly the acknowledged descriptor and state (one the kill's cut
 * call may have deleted is let go only if that call's own append is in the store); the head is the newest
 * acknowledged checkpoint or one of at most two later ones whose acknowledgement was lost; and an engine
 * resumes the session to the head's state. The next child continues from the same store. The number of
 * iterations is the system property {@code crashIterations} (the POM's {@code rollback.crashIterations}: 4
 * by default, 300 with {@code -Psoak}); {@code crashSeed} replays a failure's seed, which the failure
 * message names (the moment of each kill still varies). Neither starts with {@code rollback.}: the
 * configuration loader reads such system properties as configuration, and other tests of this module
 * load configuration.
 */
class DeltaKillNineTest {
  @TempDir
  Path dir;

  @TempDir
  Path logs;

  @Test
  @Timeout(value = 12, unit = TimeUnit.HOURS)
  void everyAcknowledgedCheckpointSurvivesKillNineWithDeltaCheckpointsOn() throws Exception {
    // given
    int iterations = Integer.getInteger("crashIterations", 4);
    long seed = Long.getLong("crashSeed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    DeltaCrashLedger ledger = new DeltaCrashLedger();
    Path store = dir.resolve("store");
    long started = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      String at = "seed " + seed + " (rerun with -DcrashSeed=" + seed + "), iteration " + i;
      try {
        // when
        runAndKill(store, random, ledger, i, at);
        // then
        ledger.check(store, at);
      } catch (RuntimeException e) {
        throw new AssertionError(at + ": " + e, e);
      }
    }
    assertTrue(ledger.acknowledged() >= iterations, "each child acknowledged at least one call");
    System.out.printf("delta kill -9 loop, seed %d: %d iterations in %d s; %s%n", seed, iterations,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), ledger.summary());
  }

  private void runAndKill(Path store, SplittableRandom random, DeltaCrashLedger ledger, int iteration, String at)
      throws IOException, InterruptedException {
    int killAfter = 1 + random.nextInt(40);
    long pauseNanos = random.nextLong(3_000_000);
    Path errors = logs.resolve("child-" + iteration + ".err");
    Process child = start(store, random.nextLong(), errors);
    int calls = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (ledger.accept(line) && ++calls == killAfter) {
          LockSupport.parkNanos(pauseNanos);
          child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it keeps stdout open
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    int done = calls;
    assertTrue(done >= killAfter, () -> at + ": the child died after " + done + " calls: " + read(errors));
  }

  private static Process start(Path store, long seed, Path errors) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
        DeltaCrashChild.class.getName(), store.toString(), Long.toString(seed));
    return new ProcessBuilder(command).redirectError(errors.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null"))).start();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
