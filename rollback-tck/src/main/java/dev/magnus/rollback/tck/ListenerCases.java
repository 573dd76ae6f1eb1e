package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Check the rule of {@code CheckpointStore.addListener}: a listener's exception never fails a store
 * operation nor changes what is stored, and a store that says it reports events reports a group
 * commit of at least one operation for every acknowledged append and a non-negative time for every
 * force.
 */
abstract class ListenerCases extends StoreCases {
  /** A listener that fails on every event. */
  private static final StoreListener THROWS = new StoreListener() {
    @Override
    public void groupCommitted(int operations) {
      throw new IllegalStateException("listener failure in groupCommitted (expected by the TCK)");
    }

    @Override
    public void forced(long nanos) {
      throw new IllegalStateException("listener failure in forced (expected by the TCK)");
    }
  };

  @Test
  void aListenerThatThrowsNeverFailsAnOperationNorChangesWhatIsStored() {
    // given
    store.addListener(THROWS);
    // when
    List<CheckpointRecord> records = appendSequences(SESSION, 4, 64);
    CheckpointRecord fifth = TckCheckpoints.record(SESSION, 5, 64);
    int deleted = store.appendThenDelete(fifth, List.of(records.get(0).checkpoint().id()));
    int alsoDeleted = store.delete(SESSION, List.of(records.get(1).checkpoint().id()));
    // then
    assertEquals(List.of(1, 1), List.of(deleted, alsoDeleted));
    assertStored(records.get(2));
    assertStored(records.get(3));
    assertStored(fifth);
    assertEquals(descriptors(List.of(records.get(2), records.get(3), fifth)), listAll(SESSION));
  }

  @Test
  void aStoreThatReportsEventsReportsAGroupCommitForEveryAcknowledgedAppend() {
    // given
    AtomicLong operations = new AtomicLong();
    AtomicLong groups = new AtomicLong();
    AtomicLong badValues = new AtomicLong();
    boolean reports = store.addListener(new StoreListener() {
      @Override
      public void groupCommitted(int n) {
        groups.incrementAndGet();
        operations.addAndGet(n);
        badValues.addAndGet(n < 1 ? 1 : 0);
      }

      @Override
      public void forced(long nanos) {
        badValues.addAndGet(nanos < 0 ? 1 : 0);
      }
    });
    assumeTrue(reports, "the store reports no events to listeners (addListener returned false)");
    // when
    appendSequences(SESSION, 10, 32);
    // then
    assertEquals(0, badValues.get(), "a group of fewer than one operation, or a negative force time");
    assertTrue(groups.get() >= 1 && operations.get() >= 10, groups.get() + " group commits of " + operations.get()
        + " operations reported for 10 acknowledged appends (each append is one operation of a group)");
  }
}
