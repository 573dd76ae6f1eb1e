package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Check list order, each filter (types, sequence range), limit and newest-first. */
abstract class QueryCases extends StoreCases {
  private static final CheckpointType[] CYCLE = {
      CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED, CheckpointType.AUTO_PERIODIC,
      CheckpointType.PRE_ROLLBACK, CheckpointType.RECOVERY_POINT};

  /** Append sequences 1..10 with types cycling through {@link #CYCLE}. */
  private List<CheckpointRecord> appendTen() {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int seq = 1; seq <= 10; seq++) {
      CheckpointRecord r = TckCheckpoints.record(SESSION, seq, CYCLE[(seq - 1) % CYCLE.length], 16);
      store.append(r);
      records.add(r);
    }
    return records;
  }

  @Test
  void listReturnsDescriptorsEqualToWhatWasAppendedOldestFirst() {
    // given
    List<CheckpointRecord> records = appendTen();
    // when
    List<Checkpoint> listed = listAll(SESSION);
    // then
    assertEquals(descriptors(records), listed);
  }

  @Test
  void listOrdersBySequenceWhateverTheAppendOrder() {
    // given
    List<Integer> order = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    Collections.shuffle(order, new Random(42));
    // when
    order.forEach(seq -> store.append(TckCheckpoints.record(SESSION, seq, 4)));
    // then
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), sequences(listAll(SESSION)));
  }

  @Test
  void newestFirstReversesTheOrder() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().newestFirst());
    // then
    assertEquals(List.of(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L), sequences(listed));
  }

  @Test
  void typeFilterSelectsOnlyThatType() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().types(CheckpointType.AUTO_PERIODIC));
    // then
    assertEquals(List.of(3L, 8L), sequences(listed));
  }

  @Test
  void typeFilterWithSeveralTypesSelectsTheirUnion() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION,
        CheckpointQuery.all().types(CheckpointType.SESSION_START, CheckpointType.RECOVERY_POINT));
    // then
    assertEquals(List.of(1L, 5L, 6L, 10L), sequences(listed));
  }

  @Test
  void typeFilterWithNoMatchReturnsEmpty() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().types(CheckpointType.SCORING_DECISION));
    // then
    assertTrue(listed.isEmpty(), () -> "expected no SCORING_DECISION checkpoints, got " + listed);
  }

  @Test
  void sequenceRangeIsInclusiveAtBothEnds() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().sequences(3, 6));
    // then
    assertEquals(List.of(3L, 4L, 5L, 6L), sequences(listed));
  }

  @Test
  void sequenceRangeOfOneSelectsExactlyOne() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().sequences(7, 7));
    // then
    assertEquals(List.of(7L), sequences(listed));
  }

  @Test
  void sequenceRangeBeyondTheNewestReturnsEmpty() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().sequences(11, Long.MAX_VALUE));
    // then
    assertTrue(listed.isEmpty(), () -> "expected nothing above sequence 10, got " + listed);
  }

  @Test
  void limitKeepsTheOldestWhenAscending() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().limit(3));
    // then
    assertEquals(List.of(1L, 2L, 3L), sequences(listed));
  }

  @Test
  void limitKeepsTheNewestWhenNewestFirst() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().newestFirst().limit(3));
    // then
    assertEquals(List.of(10L, 9L, 8L), sequences(listed));
  }

  @Test
  void limitAppliesAfterTheFilters() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all()
        .types(CheckpointType.USER_REQUESTED, CheckpointType.PRE_ROLLBACK).sequences(3, 10).newestFirst().limit(2));
    // then
    assertEquals(List.of(9L, 7L), sequences(listed));
  }

  @Test
  void limitLargerThanTheSessionReturnsEverything() {
    // given
    appendTen();
    // when
    List<Checkpoint> listed = store.list(SESSION, CheckpointQuery.all().limit(1000));
    // then
    assertEquals(10, listed.size());
  }

  @Test
  void latestIsTheHighestSequenceWhateverTheAppendOrder() {
    // given
    List.of(2, 5, 1, 4, 3).forEach(seq -> store.append(TckCheckpoints.record(SESSION, seq, 4)));
    // when
    Checkpoint latest = store.latest(SESSION).orElseThrow();
    // then
    assertEquals(TckCheckpoints.checkpoint(SESSION, 5, CheckpointType.USER_REQUESTED, 4), latest);
  }

  @Test
  void latestFollowsEachAppend() {
    // given
    appendSequences(SESSION, 3, 4);
    // when
    store.append(TckCheckpoints.record(SESSION, 4, 4));
    // then
    assertEquals(4, store.latest(SESSION).orElseThrow().sequence());
  }
}
