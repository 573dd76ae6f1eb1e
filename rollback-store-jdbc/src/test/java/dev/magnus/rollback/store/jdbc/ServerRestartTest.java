package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.tck.TckCheckpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart the PostgreSQL cluster while an append is in flight. The append is held in flight
 * deterministically: a separate connection holds the session's row lock, so the store's append waits
 * on the server when the restart kills its backend. Runs only as root on a machine with the cluster
 * ({@code pg_ctlcluster}), as {@code .ci/run} sets up; skipped with the reason otherwise.
 */
class ServerRestartTest {
  private static final String SESSION = "restart";
  private final String schema = TestDatabase.freshSchema("restart");
  private String[] cluster;
  private CheckpointStore store;

  @BeforeEach
  void requireAControllableCluster() throws Exception {
    TestDatabase.requireServer();
    assumeTrue("root".equals(System.getProperty("user.name")), "restarting the server needs root (pg_ctlcluster)");
    assumeTrue(TestDatabase.url().contains("//127.0.0.1") || TestDatabase.url().contains("//localhost"),
        "the test server is not on this machine's loopback, so it is not ours to restart");
    cluster = localCluster();
    assumeTrue(cluster != null, "no local cluster found with pg_lsclusters");
    store = TestDatabase.builder(schema).connectionTimeout(java.time.Duration.ofSeconds(5)).open();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (store != null) {
      store.close();
    }
    if (cluster != null) {
      run("pg_ctlcluster", cluster[0], cluster[1], "start"); // in case the test failed while it was down
      TestDatabase.dropSchema(schema);
    }
  }

  /**
   * The in-flight append waits on a session-row lock held by another connection while the server restarts.
   * The shutdown usually ends its backend while it waits, so it fails; but on a loaded machine the
   * postmaster may end the lock holder first and the append's backend may take the lock and commit before
   * its own turn comes: then it was acknowledged and must survive like any other. So the scenario runs up
   * to three times, and at least one in-flight append must have failed, clearly, and changed nothing.
   */
  @Test
  void anInFlightAppendFailsClearlyNothingAcknowledgedIsLostAndTheStoreRecovers(@TempDir Path tmp) throws Exception {
    // given
    List<CheckpointRecord> acknowledged = new ArrayList<>();
    int seq = 0;
    while (seq < 20) {
      CheckpointRecord r = TckCheckpoints.record(SESSION, ++seq, 2048);
      store.append(r);
      acknowledged.add(r);
    }
    ExecutorService writer = Executors.newSingleThreadExecutor();
    StoreException failure = null;
    CheckpointRecord failed = null;
    try {
      for (int attempt = 1; attempt <= 3 && failure == null; attempt++) {
        // when
        CheckpointRecord inFlight = TckCheckpoints.record(SESSION, ++seq, 2048);
        Future<?> append = appendWhileTheServerRestarts(inFlight, writer);
        try {
          append.get(60, TimeUnit.SECONDS);
          acknowledged.add(inFlight); // committed before the shutdown reached it: acknowledged
        } catch (ExecutionException e) {
          failure = assertInstanceOf(StoreException.class, e.getCause());
          failed = inFlight;
        }
        CheckpointRecord after = TckCheckpoints.record(SESSION, ++seq, 2048);
        appendOnceTheServerIsBack(after);
        acknowledged.add(after);
      }
    } finally {
      writer.shutdownNow();
    }

    // then
    assertNotNull(failure, "in three restarts no in-flight append failed: the server let each one commit first");
    System.out.println("in-flight append during the restart: " + failure.getMessage());
    assertTrue(failure.getMessage().contains("PostgreSQL") && failure.getMessage().contains("append checkpoint"),
        failure.getMessage());
    for (CheckpointRecord r : acknowledged) {
      assertEquals(r, store.read(SESSION, r.checkpoint().id()).orElseThrow(), "acknowledged " + r + " survived");
    }
    assertTrue(store.read(SESSION, failed.checkpoint().id()).isEmpty(), "the failed append changed nothing");
  }

  /** Start the append while another connection holds its session's row lock, then restart the server. */
  private Future<?> appendWhileTheServerRestarts(CheckpointRecord inFlight, ExecutorService writer) throws Exception {
    Connection blocker = TestDatabase.connect();
    try {
      blocker.setAutoCommit(false);
      lockSessionRow(blocker);
      Future<?> append = writer.submit(() -> store.append(inFlight));
      awaitAppendWaitingOnTheLock(append);
      assertEquals(0, run("pg_ctlcluster", cluster[0], cluster[1], "restart"), "pg_ctlcluster restart failed");
      return append;
    } finally {
      closeQuietly(blocker);
    }
  }

  private void lockSessionRow(Connection blocker) throws SQLException {
    try (PreparedStatement p = blocker.prepareStatement(
        "SELECT 1 FROM \"" + schema + "\".rollback_sessions WHERE session_id = ? FOR UPDATE")) {
      p.setString(1, SESSION);
      p.executeQuery().close();
    }
  }

  /** Bounded poll of pg_stat_activity until the store's append waits on the row lock (or has failed). */
  private static void awaitAppendWaitingOnTheLock(Future<?> append) throws Exception {
    try (Connection c = TestDatabase.connect(); PreparedStatement p = c.prepareStatement("SELECT count(*) FROM "
        + "pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%rollback_sessions%ON CONFLICT%'")) {
      for (int i = 0; i < 600 && !append.isDone(); i++) {
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the append never waited on the session lock; done=" + append.isDone());
  }

  /** The first operations after a restart may meet pooled connections the restart killed: each must fail cleanly. */
  private void appendOnceTheServerIsBack(CheckpointRecord r) {
    for (int attempt = 1; ; attempt++) {
      try {
        store.append(r);
        return;
      } catch (StoreException e) {
        assertTrue(attempt < 5, "the store did not recover after " + attempt + " attempts: " + e.getMessage());
      }
    }
  }

  private static String[] localCluster() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("pg_lsclusters", "-h").redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isBlank()) {
      return null;
    }
    String[] fields = out.lines().findFirst().orElse("").trim().split("\\s+");
    return fields.length >= 2 && Files.isDirectory(Path.of("/etc/postgresql", fields[0], fields[1]))
        ? new String[] {fields[0], fields[1]} : null;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish in 120 s");
    return p.exitValue();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the restart killed it
    }
  }
}
