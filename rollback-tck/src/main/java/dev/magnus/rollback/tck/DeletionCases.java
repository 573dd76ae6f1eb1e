package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Check delete and deleteSession: counts, unknown ids, what stays and the sessions listing. */
abstract class DeletionCases extends StoreCases {
  @Test
  void deleteReturnsHowManyWereDeletedAndRemovesThem() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 5, 8);
    // when
    int deleted = store.delete(SESSION, List.of(records.get(1).checkpoint().id(), records.get(3).checkpoint().id()));
    // then
    assertEquals(2, deleted);
    assertEquals(List.of(1L, 3L, 5L), sequences(listAll(SESSION)));
    assertTrue(store.read(SESSION, records.get(1).checkpoint().id()).isEmpty(), "a deleted checkpoint must not be readable");
  }

  @Test
  void deleteIgnoresUnknownIdsAndCountsOnlyRealDeletions() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    // when
    int deleted = store.delete(SESSION, List.of(CheckpointId.of("unknown-1"), records.get(0).checkpoint().id(),
        CheckpointId.of("unknown-2")));
    // then
    assertEquals(1, deleted);
    assertEquals(List.of(2L, 3L), sequences(listAll(SESSION)));
  }

  @Test
  void deletingTheSameIdTwiceCountsOnce() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 2, 8);
    CheckpointId id = records.get(0).checkpoint().id();
    // when
    int first = store.delete(SESSION, List.of(id, id));
    int second = store.delete(SESSION, List.of(id));
    // then
    assertEquals(List.of(1, 0), List.of(first, second));
  }

  @Test
  void appendThenDeleteAppendsTheRecordAndDeletesTheOthers() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    CheckpointRecord next = TckCheckpoints.record(SESSION, 4, 8);
    // when
    int deleted = store.appendThenDelete(next, List.of(records.get(0).checkpoint().id(), records.get(1).checkpoint().id(),
        CheckpointId.of("unknown-1")));
    // then
    assertEquals(2, deleted);
    assertEquals(List.of(3L, 4L), sequences(listAll(SESSION)));
    assertStored(next);
  }

  @Test
  void appendThenDeleteNeverDeletesInAnotherSession() {
    // given
    List<CheckpointRecord> mine = appendSequences(SESSION, 2, 8);
    List<CheckpointRecord> theirs = appendSequences(OTHER, 3, 8);
    CheckpointRecord next = TckCheckpoints.record(SESSION, 3, 8);
    // when
    int deleted = store.appendThenDelete(next, List.of(theirs.get(0).checkpoint().id(), theirs.get(2).checkpoint().id(),
        mine.get(0).checkpoint().id()));
    // then
    assertEquals(1, deleted, "only the record's own session is touched");
    theirs.forEach(this::assertStored);
    assertEquals(descriptors(theirs), listAll(OTHER));
    assertEquals(List.of(2L, 3L), sequences(listAll(SESSION)));
  }

  @Test
  void appendThenDeleteCountsEachDeletedCheckpointOnce() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    CheckpointId first = records.get(0).checkpoint().id();
    // when
    int deleted = store.appendThenDelete(TckCheckpoints.record(SESSION, 4, 8), List.of(first, first, first));
    int again = store.appendThenDelete(TckCheckpoints.record(SESSION, 5, 8), List.of(first));
    // then
    assertEquals(List.of(1, 0), List.of(deleted, again), "deleted by the first call, then by the second");
    assertEquals(List.of(2L, 3L, 4L, 5L), sequences(listAll(SESSION)));
  }

  @Test
  void aConflictingAppendThenDeleteDeletesNothing() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 2, 8);
    CheckpointRecord duplicate = TckCheckpoints.record(TckCheckpoints.checkpoint(CheckpointId.of("another-id-for-2"),
        SESSION, 2, dev.magnus.rollback.CheckpointType.USER_REQUESTED, 8));
    // when
    org.junit.jupiter.api.Assertions.assertThrows(dev.magnus.rollback.CheckpointConflictException.class,
        () -> store.appendThenDelete(duplicate, List.of(records.get(0).checkpoint().id())));
    // then
    assertEquals(List.of(1L, 2L), sequences(listAll(SESSION)), "the append failed, so nothing was deleted");
    assertStored(records.get(0));
  }

  @Test
  void deleteWithNoIdsDeletesNothing() {
    // given
    appendSequences(SESSION, 2, 8);
    // when
    int deleted = store.delete(SESSION, List.of());
    // then
    assertEquals(0, deleted);
    assertEquals(2, listAll(SESSION).size());
  }

  @Test
  void deleteThroughAnotherSessionDoesNotTouchTheOwner() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 2, 8);
    appendSequences(OTHER, 1, 8);
    // when
    int deleted = store.delete(OTHER, List.of(records.get(0).checkpoint().id()));
    // then
    assertEquals(0, deleted);
    records.forEach(this::assertStored);
  }

  @Test
  void deletingTheNewestMakesThePreviousOneLatest() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    // when
    store.delete(SESSION, List.of(records.get(2).checkpoint().id()));
    // then
    assertEquals(records.get(1).checkpoint(), store.latest(SESSION).orElseThrow());
  }

  @Test
  void deletingEveryCheckpointRemovesTheSessionFromTheListing() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 2, 8);
    appendSequences(OTHER, 1, 8);
    // when
    store.delete(SESSION, ids(descriptors(records)));
    // then
    assertEquals(Set.of(OTHER), store.sessions());
    assertTrue(store.latest(SESSION).isEmpty());
  }

  @Test
  void deleteSessionReturnsTheCountAndRemovesEverything() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 4, 8);
    // when
    int deleted = store.deleteSession(SESSION);
    // then
    assertEquals(4, deleted);
    assertTrue(listAll(SESSION).isEmpty());
    assertTrue(store.read(SESSION, records.get(0).checkpoint().id()).isEmpty());
    assertTrue(store.latest(SESSION).isEmpty());
    assertEquals(Set.of(), store.sessions());
  }

  @Test
  void aSessionCanStartAfreshAfterDeleteSession() {
    // given
    appendSequences(SESSION, 2, 8);
    store.deleteSession(SESSION);
    // when
    CheckpointRecord again = TckCheckpoints.record(TckCheckpoints.checkpoint(CheckpointId.of("again-1"), SESSION, 1,
        dev.magnus.rollback.CheckpointType.SESSION_START, 8));
    store.append(again);
    // then
    assertEquals(List.of(again.checkpoint()), listAll(SESSION));
  }
}
