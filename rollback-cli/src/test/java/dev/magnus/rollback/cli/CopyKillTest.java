package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback copy} killed with SIGKILL in a child JVM part-way through, then run again: the second
 * run writes exactly what is missing, and the two stores hold the same records.
 */
class CopyKillTest {
  private static final int SESSIONS = 30;
  private static final int STEPS = 99;
  private static final long KILL_AT_BYTES = 500_000;

  @TempDir
  Path dir;

  /** Write SESSIONS sessions of STEPS + 1 checkpoints (3,000 in all), about 1 KB of state each. */
  private static void writeSource(Path data) {
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(STEPS + 1).build()).build();
    CheckpointStore store = FileStores.builder(data).fsync(FsyncPolicy.INTERVAL).open();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).store(store).build()) {
      SessionMetadata metadata = SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH);
      for (int s = 0; s < SESSIONS; s++) {
        Session session = engine.initialize("s-" + s, metadata, Map.of("text", "x".repeat(1000)));
        for (long i = 1; i <= STEPS; i++) {
          long n = i;
          session.update(st -> st.with("n", n));
          session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
        }
      }
    }
  }

  private static long segmentBytes(Path data) {
    if (!Files.isDirectory(data)) {
      return 0;
    }
    return StoreFiles.segments(data).stream().mapToLong(p -> {
      try {
        return Files.size(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).sum();
  }

  private Process startCopy(Path from, Path to) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
        RollbackCommand.class.getName(), "copy", "--from", "file:" + from, "--to", "file:" + to);
    return new ProcessBuilder(command).redirectOutput(dir.resolve("child.out").toFile())
        .redirectError(dir.resolve("child.err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  private static int count(Path data) {
    try (CheckpointStore store = FileStores.open(data)) {
      return store.sessions().stream().mapToInt(s -> store.list(s, CheckpointQuery.all()).size()).sum();
    }
  }

  @Test
  void aCopyKilledPartWayIsCompletedByRunningItAgainWithNothingDuplicatedOrLost() throws Exception {
    // given: a copy killed once the target holds some of it (all of it takes about 4.5 MB)
    Path source = dir.resolve("source");
    Path target = dir.resolve("target");
    writeSource(source);
    long total = (long) SESSIONS * (STEPS + 1);
    Process child = startCopy(source, target);
    while (child.isAlive() && segmentBytes(target) < KILL_AT_BYTES) {
      Thread.sleep(2);
    }
    boolean killedWhileCopying = child.isAlive();
    child.destroyForcibly();
    assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the killed child did not exit");
    assertTrue(killedWhileCopying, "the copy finished before it could be killed: exit " + child.exitValue() + ", "
        + Files.readString(dir.resolve("child.err")));
    assertNotEquals(0, child.exitValue());
    int before = count(target);
    assertTrue(before > 0 && before < total, "the kill left a part of the copy: " + before + " of " + total);
    // when
    Cli.Result again = Cli.run("copy", "--from", "file:" + source, "--to", "file:" + target);
    // then
    assertEquals(0, again.code(), again::toString);
    Matcher m = Pattern.compile("copied (\\d+) checkpoints of " + SESSIONS + " sessions .*\\((\\d+) were already there\\)")
        .matcher(again.out());
    assertTrue(m.find(), again::toString);
    assertEquals(total, Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)), again::toString);
    assertEquals(before, Long.parseLong(m.group(2)), "the rerun skipped exactly what the killed run wrote");
    Map<String, List<CheckpointRecord>> copied = TransferCommandsTest.everything(target);
    assertEquals(TransferCommandsTest.everything(source), copied);
    assertEquals(total, copied.values().stream().mapToLong(List::size).sum());
  }
}
