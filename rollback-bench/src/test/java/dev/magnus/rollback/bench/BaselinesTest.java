package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinesTest {
  @TempDir
  Path dir;

  private static BenchRecord record(String id, long sequence) {
    return new BenchRecord(id, "session-1", sequence, "USER_REQUESTED", new byte[] {1, 2, 3, (byte) sequence});
  }

  @Test
  void sqliteRunsInWalWithFullSyncAndReadsBackWhatItStored() throws Exception {
    // given
    try (SqliteBaseline db = SqliteBaseline.open(dir.resolve("c.db"))) {
      // when
      db.append(record("a", 1));
      db.append(record("b", 2));

      // then
      assertEquals("wal", db.pragma("journal_mode"));
      assertEquals("2", db.pragma("synchronous"));
      BenchRecord back = db.read("b").orElseThrow();
      assertEquals(2, back.sequence());
      assertEquals("session-1", back.session());
      assertArrayEquals(new byte[] {1, 2, 3, 2}, back.payload());
      assertTrue(db.read("missing").isEmpty());
    }
  }

  @Test
  void sqliteRejectsASecondRecordWithTheSameSessionAndSequence() throws Exception {
    // given
    try (SqliteBaseline db = SqliteBaseline.open(dir.resolve("c.db"))) {
      db.append(record("a", 1));

      // when / then
      assertThrows(SQLException.class, () -> db.append(record("other", 1)));
    }
  }

  @Test
  void filePerCheckpointLeavesOnlyTheFinalFileAndReadsThePayloadBack() throws Exception {
    // given
    FilePerCheckpoint files = new FilePerCheckpoint(dir.resolve("files"));

    // when
    files.append(record("x1", 1));

    // then
    try (var names = Files.list(dir.resolve("files"))) {
      assertEquals("x1.ckpt", names.map(p -> p.getFileName().toString()).reduce("", String::concat));
    }
    assertArrayEquals(new byte[] {1, 2, 3, 1}, files.readPayload("x1"));
  }

  @Test
  void theFloorEncodesTheSameNumberOfBytesAsTheEngine() {
    // given
    SessionState state = BenchStates.state("bench-0", BenchStates.Size.MEDIUM, 0);

    // when
    byte[] floor = new Floor().encode(state);
    long engine;
    try (EngineRig rig = EngineRig.memory(BenchStates.Size.MEDIUM, 1)) {
      Checkpoint start = rig.session(0).checkpoints().get(0);
      engine = start.rawSize();
    }

    // then
    assertEquals(engine, floor.length);
    assertTrue(floor.length > 4000 && floor.length < 5000, "about 4.5 KB: " + floor.length);
    assertEquals(60, ((Map<?, ?>) Floor.parse(floor).get("attributes")).size());
  }

  @Test
  void theShippedConfigurationIsPackedForTheLoadBenchmark() throws Exception {
    // when
    String yaml = ConfigLoadBenchmark.shipped();

    // then
    assertEquals(dev.magnus.rollback.RollbackConfig.ofDefaults(),
        RollbackConfigLoader.load(new StringReader(yaml), "shipped", new Properties()));
  }

  @Test
  void reportTakesTheMedianOfRatiosWithinRounds() {
    // given
    Report report = new Report(java.util.List.of());
    report.add(Map.of("a", 10.0, "b", 5.0));
    report.add(Map.of("a", 30.0, "b", 10.0));
    report.add(Map.of("a", 8.0, "b", 8.0));

    // when / then
    assertEquals(10.0, report.median("a"));
    assertEquals(2.0, report.ratio("a", "b"));
  }
}
