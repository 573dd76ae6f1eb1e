package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.SessionTransfer;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions moved file store -> PostgreSQL -> file store with SessionTransfer, and an export imported into PostgreSQL. */
class TransferOnPostgresTest {
  private static final int SESSIONS = 20;
  private static final int STEPS = 149;
  private static final RollbackConfig CONFIG = RollbackConfig.custom()
      .checkpoint(CheckpointConfig.custom().maxCheckpoints(STEPS + 10).build()).build();
  private static final SessionTransfer TRANSFER = SessionTransfer.of(CONFIG, Map.of());
  private final List<String> schemas = new ArrayList<>();

  @TempDir
  Path dir;

  @BeforeEach
  void server() {
    TestDatabase.requireServer();
  }

  @AfterEach
  void drop() {
    schemas.forEach(TestDatabase::dropSchema);
  }

  private CheckpointStore postgres(String purpose) {
    return TestDatabase.open(schema(purpose));
  }

  private String schema(String purpose) {
    String schema = TestDatabase.freshSchema(purpose);
    schemas.add(schema);
    return schema;
  }

  /** Write (and close) SESSIONS sessions of STEPS + 1 checkpoints (3,000 in all), each with one rollback in the middle. */
  private static void write(CheckpointStore store) {
    try (SessionRollbackEngine engine = SessionRollback.builder().config(CONFIG).store(store).build()) {
      for (int s = 0; s < SESSIONS; s++) {
        Session session = engine.initialize("s-" + s, Nodes.METADATA, Map.of("n", 0L, "pad", "p".repeat(200)));
        for (long i = 1; i <= STEPS - 2; i++) {
          long n = i;
          session.update(st -> st.with("n", n).with("labels", List.of("a", n)));
          session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
        }
        session.rollbackToCheckpoint(session.checkpoints().get(STEPS / 2).id());
      }
    }
  }

  private static Map<String, List<CheckpointRecord>> everything(CheckpointStore store) {
    Map<String, List<CheckpointRecord>> all = new TreeMap<>();
    for (String session : new TreeSet<>(store.sessions())) {
      List<CheckpointRecord> records = new ArrayList<>();
      store.list(session, CheckpointQuery.all()).forEach(c -> records.add(store.read(session, c.id()).orElseThrow()));
      all.put(session, records);
    }
    return all;
  }

  @Test
  void threeThousandCheckpointsGoFileToPostgresToFileUnchanged() {
    // given
    Map<String, List<CheckpointRecord>> original;
    try (CheckpointStore file = FileStores.builder(dir.resolve("a")).fsync(FsyncPolicy.INTERVAL).open()) {
      write(file);
    }
    try (CheckpointStore a = FileStores.open(dir.resolve("a"));
        CheckpointStore pg = postgres("copy");
        CheckpointStore b = FileStores.open(dir.resolve("b"))) {
      original = everything(a);
      // when
      SessionTransfer.Copied toPostgres = TRANSFER.copy(a, pg);
      SessionTransfer.Copied back = TRANSFER.copy(pg, b);
      SessionTransfer.Copied again = TRANSFER.copy(a, pg);
      // then
      long total = original.values().stream().mapToLong(List::size).sum();
      assertEquals((long) SESSIONS * (STEPS + 1), total, "the source holds what was written");
      assertEquals(new SessionTransfer.Copied(SESSIONS, total, 0), toPostgres);
      assertEquals(new SessionTransfer.Copied(SESSIONS, total, 0), back);
      assertEquals(new SessionTransfer.Copied(SESSIONS, 0, total), again);
      assertEquals(original, everything(pg));
      assertEquals(original, everything(b));
    }
  }

  @Test
  void anExportOfPostgresSessionsImportsIntoPostgresUnchanged() throws IOException {
    // given
    String schema = schema("export");
    write(TestDatabase.open(schema));
    StringWriter text = new StringWriter();
    try (CheckpointStore source = TestDatabase.open(schema); CheckpointStore target = postgres("import")) {
      TRANSFER.export(source, List.of("s-0", "s-1"), text, null);
      // when
      SessionTransfer.Imported imported = TRANSFER.importFrom(new BufferedReader(new StringReader(text.toString())),
          target, false);
      // then
      assertEquals(Map.of("s-0", "s-0", "s-1", "s-1"), imported.sessions());
      Map<String, List<CheckpointRecord>> all = everything(source);
      assertEquals(Map.of("s-0", all.get("s-0"), "s-1", all.get("s-1")), everything(target));
    }
  }
}
