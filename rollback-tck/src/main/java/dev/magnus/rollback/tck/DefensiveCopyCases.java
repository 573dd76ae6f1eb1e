package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Check that callers can never reach the store's internals, in either direction.
 *
 * <p>{@link CheckpointRecord} copies its payload in and out, so a store aliases caller bytes only by
 * keeping its own shared buffers (a reused scratch array, a view of a mapped region) or by handing out
 * live collections. These cases observe exactly that: mutate everything a caller holds, and check the
 * store did not change; append more, and check that earlier answers did not change.
 */
abstract class DefensiveCopyCases extends StoreCases {
  @Test
  void mutatingTheArrayGivenToTheRecordDoesNotChangeTheStore() {
    // given
    byte[] bytes = TckCheckpoints.payload(TckCheckpoints.idFor(SESSION, 1), 64);
    byte[] original = bytes.clone();
    store.append(new CheckpointRecord(TckCheckpoints.checkpoint(SESSION, 1, CheckpointType.USER_REQUESTED, 64), bytes));
    // when
    Arrays.fill(bytes, (byte) 0x55);
    // then
    assertArrayEquals(original, store.read(SESSION, TckCheckpoints.idFor(SESSION, 1)).orElseThrow().payload());
  }

  @Test
  void mutatingAReadPayloadDoesNotChangeTheStore() {
    // given
    CheckpointRecord record = TckCheckpoints.record(SESSION, 1, 64);
    store.append(record);
    // when
    byte[] read = store.read(SESSION, record.checkpoint().id()).orElseThrow().payload();
    Arrays.fill(read, (byte) 0x55);
    // then
    assertStored(record);
  }

  @Test
  void laterAppendsDoNotChangeEarlierPayloads() {
    // given
    CheckpointRecord first = TckCheckpoints.record(SESSION, 1, 256);
    store.append(first);
    CheckpointRecord read = store.read(SESSION, first.checkpoint().id()).orElseThrow();
    // when
    appendSequences(OTHER, 5, 256);
    store.append(TckCheckpoints.record(SESSION, 2, 256));
    // then
    assertArrayEquals(first.payload(), read.payload(), "a record already read must not change");
    assertStored(first);
  }

  @Test
  void mutatingTheListReturnedByListDoesNotChangeTheStore() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all());
    // when
    tryToMutate(() -> listed.clear());
    // then
    assertEquals(descriptors(records), listAll(SESSION));
  }

  @Test
  void aListResultIsASnapshotThatLaterAppendsDoNotChange() {
    // given
    appendSequences(SESSION, 3, 8);
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all());
    List<Checkpoint> copy = new ArrayList<>(listed);
    // when
    store.append(TckCheckpoints.record(SESSION, 4, 8));
    // then
    assertEquals(copy, listed);
  }

  @Test
  void mutatingTheSetReturnedBySessionsDoesNotChangeTheStore() {
    // given
    appendSequences(SESSION, 1, 8);
    appendSequences(OTHER, 1, 8);
    Set<String> sessions = store.sessions();
    // when
    tryToMutate(() -> sessions.remove(SESSION));
    tryToMutate(() -> sessions.add("intruder"));
    // then
    assertEquals(Set.of(SESSION, OTHER), store.sessions());
    assertEquals(1, listAll(SESSION).size());
  }

  @Test
  void aSessionsResultIsASnapshotThatLaterAppendsDoNotChange() {
    // given
    appendSequences(SESSION, 1, 8);
    Set<String> sessions = store.sessions();
    // when
    appendSequences(OTHER, 1, 8);
    // then
    assertEquals(Set.of(SESSION), sessions);
  }

  @Test
  void mutatingTheIdsPassedToDeleteAfterwardsHasNoEffect() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    List<dev.magnus.rollback.CheckpointId> ids = new ArrayList<>(List.of(records.get(0).checkpoint().id()));
    store.delete(SESSION, ids);
    // when
    ids.add(records.get(1).checkpoint().id());
    // then
    assertEquals(List.of(2L, 3L), sequences(listAll(SESSION)));
  }

  private static void tryToMutate(Runnable mutation) {
    try {
      mutation.run();
    } catch (UnsupportedOperationException immutable) {
      // an unmodifiable result is fine: the store is protected either way
    }
  }
}
