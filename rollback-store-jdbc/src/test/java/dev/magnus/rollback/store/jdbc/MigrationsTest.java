package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schema migrations: recorded once, idempotent, safe when nodes open at once, never downgraded. */
class MigrationsTest {
  private final String schema = TestDatabase.freshSchema("migrate");

  @AfterEach
  void drop() {
    TestDatabase.dropSchema(schema);
  }

  @Test
  void fourStoresOpeningAFreshSchemaAtOnceApplyEachMigrationExactlyOnce() throws Exception {
    // given
    TestDatabase.requireServer();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<CheckpointStore>> opened = new ArrayList<>();
    try {
      // when
      for (int i = 0; i < 4; i++) {
        opened.add(pool.submit(() -> {
          start.await();
          return TestDatabase.open(schema);
        }));
      }
      start.countDown();
      for (Future<CheckpointStore> f : opened) {
        f.get(60, TimeUnit.SECONDS).close();
      }
    } finally {
      pool.shutdownNow();
    }
    // then
    assertEquals(List.of(Migrations.FILES.size()), recordedVersions());
    assertEquals(Migrations.FILES.size(), recordedVersions().size());
  }

  @Test
  void reopeningAppliesNothingAgainAndKeepsTheData() {
    // given
    try (CheckpointStore first = TestDatabase.open(schema)) {
      first.append(dev.magnus.rollback.tck.TckCheckpoints.record("s", 1, 16));
    }
    // when
    try (CheckpointStore again = TestDatabase.open(schema)) {
      // then
      assertEquals(1, again.stats().checkpoints());
    }
    assertEquals(List.of(1), recordedVersions());
  }

  @Test
  void aSchemaFromANewerReleaseIsRefusedNotDowngraded() throws Exception {
    // given
    TestDatabase.open(schema).close();
    execute("INSERT INTO \"" + schema + "\".rollback_schema_migrations VALUES (999, 'V999__future.sql', 0)");
    // when
    StoreException e = assertThrows(StoreException.class, () -> TestDatabase.open(schema));
    // then
    assertTrue(e.getMessage().contains("999") && e.getMessage().contains("upgrade"), e.getMessage());
  }

  private List<Integer> recordedVersions() {
    List<Integer> versions = new ArrayList<>();
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM \"" + schema + "\".rollback_schema_migrations ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    return versions;
  }

  private static void execute(String sql) throws java.sql.SQLException {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
