package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The kit's failure-injecting store: each injection does what its javadoc says, and nothing more. */
class InjectingStoreTest {
  private static final String SESSION = "s";
  private final ReferenceStore real = new ReferenceStore();
  private final InjectingStore store = InjectingStore.wrap(real);

  private static CheckpointRecord record(long sequence) {
    return TckCheckpoints.record(SESSION, sequence, sequence == 1 ? CheckpointType.SESSION_START
        : CheckpointType.USER_REQUESTED, 16);
  }

  private static CheckpointRecord flipFirstByte(CheckpointRecord r) {
    byte[] payload = r.payload();
    payload[0] ^= 1;
    return new CheckpointRecord(r.checkpoint(), payload);
  }

  private List<Long> storedSequences() {
    return real.list(SESSION, CheckpointQuery.all()).stream().map(c -> c.sequence()).toList();
  }

  @Test
  void withoutInjectionsEveryCallReachesTheStoreBeneath() {
    // when
    store.append(record(1));
    store.append(record(2));
    // then
    assertEquals(List.of(1L, 2L), storedSequences());
    assertArrayEquals(record(2).payload(), store.read(SESSION, record(2).checkpoint().id()).orElseThrow().payload());
    assertEquals(2, store.list(SESSION, CheckpointQuery.all()).size());
    assertEquals(2L, store.latest(SESSION).orElseThrow().sequence());
    assertEquals(1, store.delete(SESSION, List.of(record(1).checkpoint().id())));
    assertEquals(Set.of(SESSION), store.sessions());
    assertEquals(1, store.stats().checkpoints());
  }

  @Test
  void failAppendThrowsBeforeTheRecordReachesTheStore() {
    // given
    store.failAppend(c -> c.type() == CheckpointType.USER_REQUESTED);
    // when
    store.append(record(1));
    StoreException e = assertThrows(StoreException.class, () -> store.append(record(2)));
    // then
    assertEquals(List.of(1L), storedSequences());
    assertTrue(e.getMessage().contains("USER_REQUESTED"), e.getMessage());
  }

  @Test
  void failAfterAppendThrowsWithTheRecordStored() {
    // given
    store.failAfterAppend(c -> c.sequence() == 2);
    store.append(record(1));
    // when
    assertThrows(StoreException.class, () -> store.append(record(2)));
    // then
    assertEquals(List.of(1L, 2L), storedSequences());
    assertTrue(store.read(SESSION, record(2).checkpoint().id()).isPresent(), "the failed append is readable");
  }

  @Test
  void failQueriesFailsReadListAndLatestButNotAppends() {
    // given
    store.append(record(1));
    store.failQueries(true);
    // when
    store.append(record(2));
    // then
    assertThrows(StoreException.class, () -> store.read(SESSION, record(1).checkpoint().id()));
    assertThrows(StoreException.class, () -> store.list(SESSION, CheckpointQuery.all()));
    assertThrows(StoreException.class, () -> store.latest(SESSION));
    assertEquals(List.of(1L, 2L), storedSequences());
    store.failQueries(false);
    assertEquals(2L, store.latest(SESSION).orElseThrow().sequence());
  }

  @Test
  void failDeleteThrowsAndDeletesNothing() {
    // given
    store.append(record(1));
    store.failDelete(true);
    // when
    assertThrows(StoreException.class, () -> store.delete(SESSION, List.of(record(1).checkpoint().id())));
    // then
    assertEquals(List.of(1L), storedSequences());
  }

  @Test
  void onReadReturnsWhatTheTamperingMakesOfTheStoredRecord() {
    // given
    store.append(record(1));
    store.onRead(InjectingStoreTest::flipFirstByte);
    // when
    Optional<CheckpointRecord> read = store.read(SESSION, record(1).checkpoint().id());
    // then
    assertArrayEquals(flipFirstByte(record(1)).payload(), read.orElseThrow().payload());
    assertArrayEquals(record(1).payload(), real.read(SESSION, record(1).checkpoint().id()).orElseThrow().payload(),
        "the stored record is untouched");
  }

  @Test
  void hooksRunAroundTheAppendInOrderOnTheCallingThread() {
    // given
    List<String> seen = new ArrayList<>();
    store.beforeAppend(r -> seen.add("before " + r.checkpoint().sequence() + " stored=" + storedSequences()));
    store.afterAppend(r -> seen.add("after " + r.checkpoint().sequence() + " stored=" + storedSequences()));
    // when
    store.append(record(1));
    // then
    assertEquals(List.of("before 1 stored=[]", "after 1 stored=[1]"), seen);
  }

  @Test
  void aThrowingBeforeAppendHookWritesNothingAndAThrowingAfterAppendHookKeepsTheRecord() {
    // given
    store.beforeAppend(r -> {
      if (r.checkpoint().sequence() == 1) {
        throw new StoreException("stopped before");
      }
    });
    store.afterAppend(r -> {
      throw new StoreException("stopped after");
    });
    // when
    assertThrows(StoreException.class, () -> store.append(record(1)));
    assertThrows(StoreException.class, () -> store.append(record(2)));
    // then
    assertEquals(List.of(2L), storedSequences());
  }

  @Test
  void afterAppendRunsBeforeFailAfterAppendThrows() {
    // given
    AtomicInteger hooks = new AtomicInteger();
    store.afterAppend(r -> hooks.incrementAndGet());
    store.failAfterAppend(c -> true);
    // when
    assertThrows(StoreException.class, () -> store.append(record(1)));
    // then
    assertEquals(1, hooks.get());
  }

  @Test
  void afterDeleteRunsOnceTheDeletionTookEffect() {
    // given
    store.append(record(1));
    store.append(record(2));
    List<List<Long>> seen = new ArrayList<>();
    store.afterDelete(() -> seen.add(storedSequences()));
    // when
    int deleted = store.delete(SESSION, List.of(record(1).checkpoint().id()));
    // then
    assertEquals(1, deleted);
    assertEquals(List.of(List.of(2L)), seen);
  }

  @Test
  void appendThenDeleteGoesThroughTheInjectionsOfBothHalves() {
    // given
    store.append(record(1));
    AtomicInteger deletes = new AtomicInteger();
    store.afterDelete(deletes::incrementAndGet);
    store.failAfterAppend(c -> c.sequence() == 3);
    // when
    store.appendThenDelete(record(2), List.of(record(1).checkpoint().id()));
    assertThrows(StoreException.class, () -> store.appendThenDelete(record(3), List.of(record(2).checkpoint().id())));
    // then
    assertEquals(1, deletes.get());
    assertEquals(List.of(2L, 3L), storedSequences(), "the failure after the append skipped its delete");
  }

  @Test
  void healClearsEveryInjectionAndHook() {
    // given
    AtomicInteger hooks = new AtomicInteger();
    store.failAppend(c -> true);
    store.failAfterAppend(c -> true);
    store.failQueries(true);
    store.failDelete(true);
    store.onRead(InjectingStoreTest::flipFirstByte);
    store.beforeAppend(r -> hooks.incrementAndGet());
    store.afterAppend(r -> hooks.incrementAndGet());
    store.afterDelete(hooks::incrementAndGet);
    store.beforeClose(hooks::incrementAndGet);
    // when
    store.heal();
    store.append(record(1));
    byte[] read = store.read(SESSION, record(1).checkpoint().id()).orElseThrow().payload();
    store.delete(SESSION, List.of(record(1).checkpoint().id()));
    store.close();
    // then
    assertArrayEquals(record(1).payload(), read);
    assertEquals(0, hooks.get());
  }

  @Test
  void beforeCloseRunsOnceWhileTheStoreIsStillOpen() {
    // given
    store.append(record(1));
    AtomicLong seen = new AtomicLong(-1);
    AtomicInteger runs = new AtomicInteger();
    store.beforeClose(() -> {
      runs.incrementAndGet();
      seen.set(store.stats().checkpoints());
    });
    // when
    store.close();
    store.close();
    // then
    assertEquals(1, seen.get());
    assertEquals(1, runs.get());
  }

  @Test
  void wrapClosesTheStoreBeneath() {
    // when
    store.close();
    // then
    assertThrows(ClosedException.class, () -> store.sessions());
    assertThrows(ClosedException.class, () -> real.sessions());
    assertDoesNotThrow(store::capabilities, "capabilities answers after close");
  }

  @Test
  void aViewLeavesTheStoreBeneathOpenForTheNextView() {
    // given
    InjectingStore first = InjectingStore.view(real);
    first.append(record(1));
    // when
    first.close();
    InjectingStore second = InjectingStore.view(real);
    // then
    assertThrows(ClosedException.class, () -> first.append(record(2)));
    assertEquals(1L, second.latest(SESSION).orElseThrow().sequence());
  }
}
