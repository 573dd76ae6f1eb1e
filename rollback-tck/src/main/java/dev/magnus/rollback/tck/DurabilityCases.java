package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Check, for stores that declare DURABLE, that a reopened store holds exactly what was acknowledged. */
abstract class DurabilityCases extends StoreCases {
  @BeforeEach
  final void requireDurable() {
    assumeCapability(StoreCapability.DURABLE);
  }

  @Test
  void reopenSeesEveryAppendedCheckpointByteForByte() {
    // given
    List<CheckpointRecord> records = new ArrayList<>(appendSequences(SESSION, 10, 300));
    records.add(TckCheckpoints.record(OTHER, 1, 0));
    records.add(TckCheckpoints.record("../../etc/passwd", 1, 70));
    records.add(TckCheckpoints.record("sessão-日本-🙂", 1, 5000));
    records.subList(10, 13).forEach(store::append);
    // when
    reopen();
    // then
    records.forEach(this::assertStored);
    assertEquals(Set.of(SESSION, OTHER, "../../etc/passwd", "sessão-日本-🙂"), store.sessions());
    assertEquals(descriptors(records.subList(0, 10)), listAll(SESSION));
  }

  @Test
  void theLastAppendBeforeCloseSurvivesReopen() {
    // given
    appendSequences(SESSION, 3, 64);
    CheckpointRecord last = TckCheckpoints.record(SESSION, 4, 64);
    store.append(last);
    // when
    reopen();
    // then
    assertEquals(last.checkpoint(), store.latest(SESSION).orElseThrow());
    assertStored(last);
  }

  @Test
  void deletesSurviveReopen() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 4, 64);
    store.delete(SESSION, List.of(records.get(0).checkpoint().id(), records.get(2).checkpoint().id()));
    // when
    reopen();
    // then
    assertEquals(List.of(2L, 4L), sequences(listAll(SESSION)));
    assertTrue(store.read(SESSION, records.get(0).checkpoint().id()).isEmpty());
  }

  @Test
  void deleteSessionSurvivesReopen() {
    // given
    appendSequences(SESSION, 3, 64);
    List<CheckpointRecord> other = appendSequences(OTHER, 2, 64);
    store.deleteSession(SESSION);
    // when
    reopen();
    // then
    assertEquals(Set.of(OTHER), store.sessions());
    other.forEach(this::assertStored);
  }

  @Test
  void conflictsAreStillDetectedAfterReopen() {
    // given
    appendSequences(SESSION, 2, 64);
    reopen();
    // when / then
    assertThrows(CheckpointConflictException.class, () -> store.append(TckCheckpoints.record(SESSION, 2, 64)));
    assertEquals(2, listAll(SESSION).size());
  }

  @Test
  void appendsContinueAfterReopenAndSurviveTheNextOne() {
    // given
    List<CheckpointRecord> records = new ArrayList<>(appendSequences(SESSION, 2, 64));
    reopen();
    // when
    CheckpointRecord third = TckCheckpoints.record(SESSION, 3, 64);
    store.append(third);
    records.add(third);
    reopen();
    // then
    assertEquals(descriptors(records), listAll(SESSION));
    records.forEach(this::assertStored);
  }

  @Test
  void statsAfterReopenMatchStatsBeforeIt() {
    // given
    appendSequences(SESSION, 3, 100);
    appendSequences(OTHER, 1, 10);
    StoreStats before = store.stats();
    // when
    reopen();
    // then
    StoreStats after = store.stats();
    assertEquals(List.of(before.sessions(), before.checkpoints(), before.payloadBytes()),
        List.of(after.sessions(), after.checkpoints(), after.payloadBytes()));
    assertEquals(0, after.corruptions());
  }
}
