package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Check, for stores that declare SHARED, that two instances open on the same directory (standing in for
 * two processes or nodes) see each other's appends and conflict with each other.
 */
abstract class SharedCases extends StoreCases {
  private CheckpointStore second;

  @BeforeEach
  final void openASecondInstance() {
    assumeCapability(StoreCapability.SHARED);
    second = track(contract().reopenStore(dir));
  }

  @Test
  void anAppendThroughOneInstanceIsReadableThroughTheOther() {
    // given
    CheckpointRecord record = TckCheckpoints.record(SESSION, 1, 64);
    // when
    store.append(record);
    // then
    assertEquals(record, second.read(SESSION, record.checkpoint().id()).orElseThrow());
  }

  @Test
  void theSameSequenceThroughTwoInstancesConflicts() {
    // given
    store.append(TckCheckpoints.record(SESSION, 1, 64));
    // when / then
    assertThrows(CheckpointConflictException.class, () -> second.append(TckCheckpoints.record(SESSION, 1, 64)));
  }
}
