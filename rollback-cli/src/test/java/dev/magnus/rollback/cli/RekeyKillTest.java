package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback rekey} killed with SIGKILL in a child JVM part-way through, twice, then run again: after
 * each kill every session reads back exactly with the old and new keys configured, and after the rerun
 * with the new key alone; no data key is lost or wrapped twice under the new key.
 */
class RekeyKillTest {
  private static final int SESSIONS = 240;
  private static final String KEK = "rollback.keyring.kek";
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "OLD_KEY", Base64.getEncoder().encodeToString("o".repeat(32).getBytes(StandardCharsets.US_ASCII)),
      "NEW_KEY", Base64.getEncoder().encodeToString("n".repeat(32).getBytes(StandardCharsets.US_ASCII)));

  @TempDir
  Path dir;

  private static SessionRollbackEngine engine(Path data, EncryptionConfig keys) {
    RollbackConfig config = RollbackConfig.custom().integrity(IntegrityConfig.ofDefaults().withEncryption(keys)).build();
    return SessionRollback.builder().config(config).environment(ENVIRONMENT)
        .store(FileStores.builder(data).fsync(FsyncPolicy.INTERVAL).open()).build();
  }

  /** Every session under the old key: two checkpoints, the second holding its number. */
  private static void writeStore(Path data) {
    try (SessionRollbackEngine engine = engine(data, EncryptionConfig.withKey("old", "OLD_KEY"))) {
      SessionMetadata metadata = SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH);
      for (int s = 0; s < SESSIONS; s++) {
        Session session = engine.initialize("s-" + s, metadata, Map.of("secret", "state of " + s));
        long n = s;
        session.update(st -> st.with("n", n));
        session.createCheckpoint(CheckpointType.USER_REQUESTED, "second");
      }
    }
  }

  /** How many data keys are wrapped under each key id (a data key under both counts for both). */
  private static Map<String, Integer> wrappings(Path data) {
    Map<String, Integer> byKek = new TreeMap<>();
    try (CheckpointStore store = FileStores.open(data)) {
      for (String ring : store.sessions()) {
        if (EncryptionConfig.isKeyRingSession(ring)) {
          store.list(ring, CheckpointQuery.all()).forEach(e -> byKek.merge(e.labels().get(KEK), 1, Integer::sum));
        }
      }
    }
    return byKek;
  }

  /** Every session reads back exactly, every checkpoint verifies, with these keys. */
  private static void assertEverySessionReads(Path data, EncryptionConfig keys) {
    try (SessionRollbackEngine engine = engine(data, keys)) {
      for (int s = 0; s < SESSIONS; s++) {
        String id = "s-" + s;
        Map<String, Object> state = engine.resume(id).getCurrentState().attributes();
        assertEquals(Map.of("secret", "state of " + s, "n", (long) s), state, id);
        List<CheckpointStatus> checked = engine.checkpoints(id, HistoryQuery.all().verified());
        assertEquals(2, checked.size(), id);
        assertTrue(checked.stream().allMatch(c -> c.integrity() == CheckpointStatus.Integrity.INTACT), id + checked);
      }
    }
  }

  /** Where the written part of the newest segment ends (the store pre-allocates zeros after it). */
  private static long writtenEnd(Path data) throws IOException {
    Path newest = StoreFiles.segments(data).stream().max(Comparator.naturalOrder()).orElseThrow();
    try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.READ)) {
      ByteBuffer all = ByteBuffer.allocate((int) channel.size());
      while (all.hasRemaining() && channel.read(all) >= 0) {
        // read it whole
      }
      int end = all.position();
      while (end > 0 && all.get(end - 1) == 0) {
        end--;
      }
      return end;
    }
  }

  private Process startRekey(Path data) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classPath, RollbackCommand.class.getName()));
    command.addAll(rekeyArguments(data));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("child.out").toFile())
        .redirectError(dir.resolve("child.err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(ENVIRONMENT);
    return builder.start();
  }

  private static List<String> rekeyArguments(Path data) {
    return List.of("rekey", "--data=" + data, "--key", "old=OLD_KEY", "--key", "new=NEW_KEY", "--active", "new");
  }

  /** Start a rekey and kill it once it has written {@code bytes} more; true if it was still running then. */
  private boolean killAfter(Path data, long bytes) throws Exception {
    long start = writtenEnd(data);
    Process child = startRekey(data);
    while (child.isAlive() && writtenEnd(data) < start + bytes) {
      Thread.sleep(1);
    }
    boolean killedWhileRunning = child.isAlive();
    child.destroyForcibly();
    assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the killed child did not exit");
    return killedWhileRunning;
  }

  @Test
  void aRekeyKilledTwicePartWayLosesNoDataKeyAndARerunFinishesIt() throws Exception {
    // given: a finished rekey of a copy of the store tells how many bytes the whole rotation writes
    Path data = dir.resolve("data");
    Path probe = dir.resolve("probe");
    writeStore(data);
    writeStore(probe);
    long before = writtenEnd(probe);
    Cli.Result whole = Cli.runWith(ENVIRONMENT, rekeyArguments(probe).toArray(String[]::new));
    assertEquals(0, whole.code(), whole::toString);
    long rotation = writtenEnd(probe) - before;
    EncryptionConfig both = new EncryptionConfig(Map.of("old", "OLD_KEY", "new", "NEW_KEY"), Optional.empty());

    // when: killed after a quarter of it, then after another quarter
    assertTrue(killAfter(data, rotation / 4), "the first rekey finished before the kill: " + childOutput());
    Map<String, Integer> afterFirst = wrappings(data);
    assertEverySessionReads(data, both);
    assertTrue(killAfter(data, rotation / 4), "the second rekey finished before the kill: " + childOutput());
    Map<String, Integer> afterSecond = wrappings(data);
    assertEverySessionReads(data, both);
    Cli.Result rerun = Cli.runWith(ENVIRONMENT, rekeyArguments(data).toArray(String[]::new));
    Cli.Result again = Cli.runWith(ENVIRONMENT, rekeyArguments(data).toArray(String[]::new));

    // then: each kill left the rotation part-way, nothing unreadable, and the rerun finished it
    assertTrue(afterFirst.getOrDefault("new", 0) > 0 && afterFirst.getOrDefault("old", 0) > 0, afterFirst::toString);
    assertTrue(afterSecond.getOrDefault("new", 0) > afterFirst.get("new"), afterFirst + " then " + afterSecond);
    assertTrue(afterSecond.getOrDefault("old", 0) > 0, afterSecond::toString);
    assertEquals(0, rerun.code(), rerun::toString);
    assertEquals(Map.of("new", SESSIONS), wrappings(data), "one wrapping per data key, under the new key only");
    assertTrue(again.out().contains("rewrapped 0 data keys under key 'new', deleted 0 older wrappings; " + SESSIONS
        + " already under it only"), again::toString);
    assertEverySessionReads(data, EncryptionConfig.withKey("new", "NEW_KEY"));
  }

  private String childOutput() throws IOException {
    return Files.readString(dir.resolve("child.out")) + Files.readString(dir.resolve("child.err"));
  }
}
