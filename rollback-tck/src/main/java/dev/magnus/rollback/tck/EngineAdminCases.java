package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.EngineStats;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionPage;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an operator asks of the engine across sessions: pages of stored sessions, a session's checkpoints
 * by type, range, order and limit with their integrity, figures, and deleting a session.
 */
abstract class EngineAdminCases extends EngineCases {
  private static List<Long> sequences(List<CheckpointStatus> statuses) {
    return statuses.stream().map(s -> s.checkpoint().sequence()).toList();
  }

  @Test
  void sessionsPagesThroughEveryStoredSessionInOrderWithACursor() {
    // given five sessions, two of them closed (stored, not open)
    SessionRollbackEngine engine = engine();
    for (String id : List.of("s-c", "s-a", "s-e", "s-b", "s-d")) {
      Session s = engine.initialize(id, metadata());
      if (id.equals("s-a") || id.equals("s-d")) {
        s.close();
      }
    }
    // when
    List<SessionPage> pages = new ArrayList<>();
    String cursor = "";
    do {
      SessionPage page = engine.sessions(cursor, 2);
      pages.add(page);
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    // then
    assertEquals(List.of(List.of("s-a", "s-b"), List.of("s-c", "s-d"), List.of("s-e")),
        pages.stream().map(SessionPage::sessionIds).toList());
    assertEquals(Optional.empty(), pages.get(2).nextCursor());
  }

  @Test
  void checkpointsSelectByTypeRangeOrderAndLimitWithoutOpeningTheSession() {
    // given sequences 1 (SESSION_START), 2-5 (USER_REQUESTED, AUTO_PERIODIC alternating), then closed
    SessionRollbackEngine engine = engine();
    Session session = engine.initialize(SESSION, metadata());
    for (int i = 2; i <= 5; i++) {
      session.createCheckpoint(i % 2 == 0 ? CheckpointType.USER_REQUESTED : CheckpointType.PATTERN_MILESTONE, "c" + i);
    }
    session.close();
    // when
    List<CheckpointStatus> users = engine.checkpoints(SESSION, HistoryQuery.all().types(CheckpointType.USER_REQUESTED));
    List<CheckpointStatus> newest = engine.checkpoints(SESSION, HistoryQuery.all().sequences(2, 5).newestFirst().limit(3));
    // then
    assertEquals(List.of(2L, 4L), sequences(users));
    assertEquals(List.of(5L, 4L, 3L), sequences(newest));
    assertTrue(users.stream().allMatch(s -> s.integrity() == CheckpointStatus.Integrity.NOT_CHECKED), users::toString);
    assertTrue(engine.openSessions().isEmpty(), "a query does not open the session");
    assertThrows(SessionNotFoundException.class, () -> engine.checkpoints("no-such-session", HistoryQuery.all()));
  }

  @Test
  void aVerifiedQueryReportsADamagedCheckpointAndTheIntactOnes() {
    // given
    SessionRollbackEngine engine = engine();
    Session session = engine.initialize(SESSION, metadata(), java.util.Map.of("text", "a state worth keeping"));
    Checkpoint damaged = session.createCheckpoint(CheckpointType.USER_REQUESTED, "damaged");
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "intact");
    store.onRead(r -> r.checkpoint().id().equals(damaged.id()) ? flipMiddleByte(r) : r);
    // when
    List<CheckpointStatus> statuses = engine.checkpoints(SESSION, HistoryQuery.all().verified());
    // then every checkpoint is damaged exactly when restoring it reads the damaged one (itself, or a
    // delta base its chain leads through); an engine storing whole snapshots: INTACT, DAMAGED, INTACT
    List<Checkpoint> live = statuses.stream().map(CheckpointStatus::checkpoint).toList();
    assertEquals(live.stream().map(c -> DeltaChains.dependsOn(live, c, damaged.id()) ? CheckpointStatus.Integrity.DAMAGED
        : CheckpointStatus.Integrity.INTACT).toList(), statuses.stream().map(CheckpointStatus::integrity).toList(),
        statuses::toString);
    assertEquals(CheckpointStatus.Integrity.DAMAGED, statuses.get(1).integrity());
    assertTrue(statuses.get(1).problem().isPresent());
    statuses.stream().filter(s -> s.integrity() == CheckpointStatus.Integrity.DAMAGED)
        .forEach(s -> assertTrue(s.problem().orElse("").contains(damaged.id().value())
            || s.checkpoint().id().equals(damaged.id()), "a dependent's problem names the damaged base: " + s));
  }

  private static CheckpointRecord flipMiddleByte(CheckpointRecord r) {
    byte[] bytes = r.payload();
    bytes[bytes.length / 2] ^= 0x01;
    return new CheckpointRecord(r.checkpoint(), bytes);
  }

  @Test
  void statsCountStoredSessionsCheckpointsAndOpenSessions() {
    // given two sessions of 1 and 3 checkpoints, one of them closed
    SessionRollbackEngine engine = engine();
    engine.initialize("stats-a", metadata()).close();
    Session b = engine.initialize("stats-b", metadata());
    b.createCheckpoint(CheckpointType.USER_REQUESTED, "two");
    b.createCheckpoint(CheckpointType.USER_REQUESTED, "three");
    // when
    EngineStats stats = engine.stats();
    // then
    assertEquals(List.of(2L, 4L, 1), List.of(stats.storedSessions(), stats.storedCheckpoints(), stats.openSessions()),
        stats::toString);
    assertTrue(stats.payloadBytes() > 0 && stats.auditEntries() > 0, stats::toString);
  }

  @Test
  void deletingAnOpenSessionIsRefusedUnlessForcedAndTheDeletionIsAudited() {
    // given
    SessionRollbackEngine engine = engine();
    Session session = engine.initialize(SESSION, metadata());
    session.createCheckpoint(CheckpointType.USER_REQUESTED, "two");
    // when refused
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> engine.deleteSession(SESSION, false));
    // then nothing was deleted
    assertTrue(refused.getMessage().contains(SESSION), refused::getMessage);
    assertEquals(2, store.list(SESSION, CheckpointQuery.all()).size());
    // when forced
    int deleted = engine.deleteSession(SESSION, true);
    // then
    assertEquals(2, deleted);
    assertTrue(store.list(SESSION, CheckpointQuery.all()).isEmpty());
    assertTrue(engine.openSessions().isEmpty());
    assertThrows(ClosedException.class, () -> session.createCheckpoint(CheckpointType.USER_REQUESTED, "after"));
    AuditEntry entry = engine.getAuditLog().entries(SESSION).stream()
        .filter(e -> e.action() == AuditAction.SESSION_DELETED).findFirst().orElseThrow();
    assertEquals("2", entry.details().get("count"), entry.details()::toString);
  }

  @Test
  void deletingAStoredSessionNeedsNoForceAndAnUnknownOneFails() {
    // given
    SessionRollbackEngine engine = engine();
    engine.initialize(SESSION, metadata()).close();
    // when
    int deleted = engine.deleteSession(SESSION, false);
    // then
    assertEquals(1, deleted);
    assertTrue(engine.sessions("", 10).sessionIds().isEmpty());
    assertThrows(SessionNotFoundException.class, () -> engine.deleteSession(SESSION, false));
  }
}
