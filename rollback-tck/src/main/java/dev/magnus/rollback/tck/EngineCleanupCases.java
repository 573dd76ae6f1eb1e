package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.CleanupResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Retention on its own: {@code engine.cleanup()} and the scheduled sweep apply {@code retentionMs} and
 * {@code maxCheckpoints} to sessions that no longer append, open in the engine or only stored, with
 * the rules of the retention after each append, audited with counts.
 */
abstract class EngineCleanupCases extends EngineCases {
  private static final String IDLE = "idle-session";

  /** Three user checkpoints after SESSION_START, then five minutes without an append. */
  private Session idleSession(SessionRollbackEngine engine, String id) {
    Session session = engine.initialize(id, metadata());
    for (int i = 1; i <= 3; i++) {
      session.createCheckpoint(CheckpointType.USER_REQUESTED, "c" + i);
    }
    return session;
  }

  private List<Long> sequences(String id) {
    return store.list(id, CheckpointQuery.all()).stream().map(Checkpoint::sequence).toList();
  }

  @Test
  void cleanupDeletesExpiredCheckpointsOfAnIdleSessionButNeverTheNewestOrAPinnedOne() {
    // given
    SessionRollbackEngine engine = engine(config(c -> c.maxCheckpoints(100).retention(Duration.ofMinutes(1))
        .retentionSweep(Duration.ZERO)));
    idleSession(engine, SESSION);
    later(Duration.ofMinutes(5));
    // when
    CleanupResult result = engine.cleanup();
    // then
    assertEquals(List.of(1L, 4L), sequences(SESSION), "SESSION_START is pinned and the newest stays");
    assertEquals(2, result.deleted(), result::toString);
    assertEquals(1, result.pruned(), result::toString);
    AuditEntry pruned = engine.getAuditLog().entries(SESSION).stream()
        .filter(e -> e.action() == AuditAction.CHECKPOINTS_PRUNED).findFirst().orElseThrow();
    assertEquals("2", pruned.details().get("count"), () -> "the count is audited: " + pruned.details());
  }

  @Test
  void cleanupAppliesMaxCheckpointsAndSweepsSessionsStoredButNotOpen() {
    // given a session written with a larger limit, then closed, and an engine with a smaller one
    SessionRollbackEngine writer = engine(config(c -> c.maxCheckpoints(100).retention(Duration.ZERO)));
    idleSession(writer, IDLE).close();
    idleSession(writer, SESSION);
    SessionRollbackEngine engine = engine(config(c -> c.maxCheckpoints(2).retention(Duration.ZERO)
        .retentionSweep(Duration.ZERO)));
    // when
    CleanupResult result = engine.cleanup();
    // then
    assertEquals(List.of(1L, 4L), sequences(IDLE));
    assertEquals(List.of(1L, 4L), sequences(SESSION));
    assertEquals(2, result.sessions(), result::toString);
    assertEquals(4, result.deleted(), result::toString);
    assertTrue(engine.openSessions().isEmpty(), "sweeping a stored session does not open it");
    assertEquals(List.of(AuditAction.CHECKPOINTS_PRUNED), actions(engine, IDLE));
  }

  @Test
  void theScheduledSweepPrunesAnIdleSessionOnItsOwnAndObserversHearIt() throws InterruptedException {
    // given
    CountDownLatch heard = new CountDownLatch(1);
    SessionRollbackEngine engine = engine(config(c -> c.maxCheckpoints(100).retention(Duration.ofMinutes(1))
        .retentionSweep(Duration.ofMillis(20))), List.of(new SessionObserver() {
          @Override
          public void checkpointsPruned(String sessionId, List<CheckpointId> deleted) {
            heard.countDown();
          }
        }));
    idleSession(engine, SESSION);
    // when
    later(Duration.ofMinutes(5));
    // then
    assertTrue(heard.await(10, TimeUnit.SECONDS), "the sweep ran on the engine's scheduler without any call");
    assertEquals(List.of(1L, 4L), sequences(SESSION));
    assertEquals(Map.of("count", "2"), Map.of("count", engine.getAuditLog().entries(SESSION).stream()
        .filter(e -> e.action() == AuditAction.CHECKPOINTS_PRUNED).findFirst().orElseThrow().details().get("count")));
  }
}
