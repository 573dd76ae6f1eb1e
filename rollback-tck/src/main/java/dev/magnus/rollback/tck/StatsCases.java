package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Check that stats count live sessions, checkpoints and payload bytes. */
abstract class StatsCases extends StoreCases {
  private static List<Long> figures(StoreStats stats) {
    return List.of(stats.sessions(), stats.checkpoints(), stats.payloadBytes());
  }

  @Test
  void anEmptyStoreReportsZeroes() {
    // when
    StoreStats stats = store.stats();
    // then
    assertEquals(List.of(0L, 0L, 0L), figures(stats));
    assertEquals(0, stats.corruptions());
  }

  @Test
  void statsCountSessionsCheckpointsAndPayloadBytes() {
    // given
    appendSequences(SESSION, 3, 100);
    appendSequences(OTHER, 2, 1000);
    store.append(TckCheckpoints.record("third", 1, 0));
    // when
    StoreStats stats = store.stats();
    // then
    assertEquals(List.of(3L, 6L, 2300L), figures(stats));
    assertEquals(0, stats.corruptions(), "a healthy store reports no corruption");
    assertNotNull(stats.extra());
  }

  @Test
  void deleteLowersTheFigures() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 100);
    appendSequences(OTHER, 1, 10);
    // when
    store.delete(SESSION, List.of(records.get(0).checkpoint().id()));
    // then
    assertEquals(List.of(2L, 3L, 210L), figures(store.stats()));
  }

  @Test
  void deleteSessionLowersTheFigures() {
    // given
    appendSequences(SESSION, 3, 100);
    appendSequences(OTHER, 1, 10);
    // when
    store.deleteSession(SESSION);
    // then
    assertEquals(List.of(1L, 1L, 10L), figures(store.stats()));
  }

  @Test
  void deletingEverythingReturnsToZeroes() {
    // given
    appendSequences(SESSION, 3, 100);
    // when
    store.delete(SESSION, ids(listAll(SESSION)));
    // then
    assertEquals(List.of(0L, 0L, 0L), figures(store.stats()));
  }
}
