package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreCapability;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Check, for stores that declare TOMBSTONES, that deletions are recorded and outlive reopen and later appends. */
abstract class TombstoneCases extends StoreCases {
  @BeforeEach
  final void requireTombstones() {
    assumeCapability(StoreCapability.TOMBSTONES);
  }

  @Test
  void aDeletedCheckpointStaysDeletedAfterLaterAppendsAndReopen() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 64);
    store.delete(SESSION, List.of(records.get(1).checkpoint().id()));
    store.append(TckCheckpoints.record(SESSION, 4, 64));
    // when
    reopen();
    // then
    assertEquals(List.of(1L, 3L, 4L), sequences(listAll(SESSION)));
  }

  @Test
  void aDeletedSessionStaysDeletedWhileANewSessionOfTheSameNameIsKept() {
    // given
    appendSequences(SESSION, 3, 64);
    store.deleteSession(SESSION);
    CheckpointRecord fresh = TckCheckpoints.record(TckCheckpoints.checkpoint(
        dev.magnus.rollback.CheckpointId.of("fresh-1"), SESSION, 1, dev.magnus.rollback.CheckpointType.SESSION_START, 64));
    store.append(fresh);
    // when
    reopen();
    // then
    assertEquals(List.of(fresh.checkpoint()), listAll(SESSION));
  }
}
