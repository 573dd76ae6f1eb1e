package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect, verify and restore against a file store the test wrote: s-1 with five checkpoints, s-2 with one. */
class StoreCommandsTest {
  @TempDir
  Path data;
  private List<Checkpoint> written;

  @BeforeEach
  void writeStore() {
    RollbackConfig config = RollbackConfig.custom().checkpoint(CheckpointConfig.custom().maxCheckpoints(100).build()).build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).store(FileStores.open(data)).build()) {
      SessionMetadata metadata = SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH);
      Session s1 = engine.initialize("s-1", metadata, Map.of("n", 0L));
      for (long i = 1; i <= 4; i++) {
        long n = i;
        s1.update(s -> s.with("n", n));
        s1.createCheckpoint(CheckpointType.USER_REQUESTED, "step number " + i);
      }
      written = s1.checkpoints();
      engine.initialize("s-2", metadata, Map.of());
    }
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString()));
    return Cli.run(all.toArray(new String[0]));
  }

  @Test
  void inspectListsEverySession() {
    // when
    Cli.Result result = run("inspect");
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().matches("(?s).*s-1\\s+5\\s+#5\\s+USER_REQUESTED.*"), result::toString);
    assertTrue(result.out().matches("(?s).*s-2\\s+1\\s+#1\\s+SESSION_START.*"), result::toString);
    assertTrue(result.out().contains("2 sessions"), result::toString);
  }

  @Test
  void inspectOfASessionShowsEachCheckpointAsARow() {
    // when
    Cli.Result result = run("inspect", "s-1");
    // then
    assertEquals(0, result.code(), result::toString);
    for (Checkpoint c : written) {
      assertTrue(result.out().matches("(?s).*\\n\\s*" + c.sequence() + " " + c.id() + " +" + c.type() + " .*"
          + c.storedSize() + "  " + c.description() + "\\n.*"), result::toString);
    }
  }

  @Test
  void inspectJsonParsesAndCarriesEveryField() throws IOException {
    // when
    Cli.Result result = run("inspect", "--json", "s-1");
    Map<?, ?> parsed = (Map<?, ?>) parse(result.out());
    Cli.Result sessions = run("inspect", "--json");
    // then
    assertEquals(0, result.code(), result::toString);
    assertEquals("s-1", parsed.get("session"));
    List<?> checkpoints = (List<?>) parsed.get("checkpoints");
    assertEquals(5, checkpoints.size());
    Map<?, ?> third = (Map<?, ?>) checkpoints.get(2);
    Checkpoint expected = written.get(2);
    assertEquals(3L, third.get("sequence"));
    assertEquals(expected.id().value(), third.get("id"));
    assertEquals(expected.parentId().orElseThrow().value(), third.get("parentId"));
    assertEquals(expected.chainHash(), third.get("chainHash"));
    assertEquals("step number 2", third.get("description"));
    assertEquals(2, ((List<?>) ((Map<?, ?>) parse(sessions.out())).get("sessions")).size());
  }

  @Test
  void inspectOfAnUnknownSessionExitsOne() {
    Cli.Result result = run("inspect", "nope");
    assertEquals(1, result.code());
    assertTrue(result.err().contains("no session 'nope'") && result.err().contains("s-1"), result::toString);
  }

  @Test
  void verifyPassesOnAnIntactStore() {
    Cli.Result result = run("verify");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("checked 6 checkpoints in 2 sessions"), result::toString);
  }

  @Test
  void verifyNamesTheCheckpointWhoseBytesWereFlippedAndExitsOne() throws IOException {
    // given: one byte of checkpoint #3's record flipped on disk
    Checkpoint damaged = written.get(2);
    flipByteOf("step number 2");
    // when
    Cli.Result result = run("verify");
    // then
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("session 's-1' checkpoint #3 (" + damaged.id() + ")"), result::toString);
    assertTrue(result.out().contains("store damage: segment segment-") && result.out().contains("1 record(s) lost"),
        result::toString);
    assertTrue(result.out().contains("counts 1 corruption"), result::toString);
  }

  @Test
  void restoreMakesARecoveryPointOfTheTargetTheNewHead() {
    // given
    Checkpoint target = written.get(1);
    // when
    Cli.Result result = run("restore", "s-1", target.id().value());
    // then
    assertEquals(0, result.code(), result::toString);
    try (CheckpointStore store = FileStores.open(data);
        SessionRollbackEngine engine = SessionRollback.builder().store(store).build()) {
      List<Checkpoint> after = store.list("s-1", CheckpointQuery.all());
      Checkpoint head = after.get(after.size() - 1);
      assertEquals(7, after.size());
      assertEquals(CheckpointType.RECOVERY_POINT, head.type());
      assertEquals(target.id().value(), head.label(Checkpoint.RESTORED_FROM).orElseThrow());
      assertEquals(1L, engine.resume("s-1").getCurrentState().attributes().get("n"));
    }
  }

  @Test
  void restoreOfAMalformedIdIsAUsageErrorAndOfAnUnknownOneFails() {
    assertEquals(2, run("restore", "s-1", "../x").code());
    Cli.Result unknown = run("restore", "s-1", "NOSUCHCHECKPOINT");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("NOSUCHCHECKPOINT"), unknown::toString);
    assertEquals(written, stored(), "nothing was written");
  }

  @Test
  void restoreInADirectoryThatIsNotThereIsAUsageErrorAndCreatesNothing() {
    // given
    Path typo = data.resolveSibling(data.getFileName() + "-typo");
    // when
    Cli.Result result = Cli.run("restore", "s-1", written.get(1).id().value(), "--data", typo.toString());
    // then
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("--data " + typo + ": no such directory"), result::toString);
    assertFalse(Files.exists(typo), "restore created the directory it was given");
  }

  private List<Checkpoint> stored() {
    try (CheckpointStore store = FileStores.open(data)) {
      return store.list("s-1", CheckpointQuery.all());
    }
  }

  private void flipByteOf(String marker) throws IOException {
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.list(data)) {
      for (Path segment : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        byte[] bytes = Files.readAllBytes(segment);
        int at = indexOf(bytes, needle);
        if (at >= 0) {
          bytes[at + 2] ^= 0x01;
          Files.write(segment, bytes);
          return;
        }
      }
    }
    throw new AssertionError("no segment holds '" + marker + "'");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Object parse(String json) throws IOException {
    return JsonText.parse(json);
  }
}
