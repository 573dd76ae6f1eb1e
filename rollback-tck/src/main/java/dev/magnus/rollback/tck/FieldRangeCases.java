package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Check the extremes of the fields stores index or parse: sequences across the whole {@code long}
 * range (stored as an int, sorted as text, or kept as a double, they collide or misorder), session
 * ids of the greatest length that differ only at the end, and labels of any content.
 */
abstract class FieldRangeCases extends StoreCases {
  /** Sequences that collide or misorder as int, as (padded) text or as double. */
  static final List<Long> LARGE = List.of(9L, 10L, 99L, 100L, (long) Integer.MAX_VALUE, 1L << 31, 1L << 32,
      (1L << 32) + 1, 9_999_999_999L, 10_000_000_000L, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE);

  private List<Long> appendLargeShuffled() {
    List<Long> shuffled = new ArrayList<>(LARGE);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(seq -> store.append(TckCheckpoints.record(SESSION, seq, 8)));
    return LARGE;
  }

  @Test
  void largeSequencesListInNumericOrderBothWays() {
    // given
    List<Long> sorted = appendLargeShuffled();
    // when
    List<Long> ascending = sequences(listAll(SESSION));
    List<Long> descending = sequences(store.list(SESSION, CheckpointQuery.all().newestFirst()));
    // then
    assertEquals(sorted, ascending, "oldest first");
    List<Long> reversed = new ArrayList<>(sorted);
    Collections.reverse(reversed);
    assertEquals(reversed, descending, "newest first");
    assertEquals(Long.MAX_VALUE, store.latest(SESSION).orElseThrow().sequence(), "latest");
  }

  @Test
  void sequencesThatDifferOnlyInTheirHighBitsAreDistinct() {
    // given
    List<CheckpointRecord> records = new ArrayList<>();
    for (long high : new long[] {0, 1L << 32, 1L << 40, 1L << 53, 1L << 62}) {
      records.add(TckCheckpoints.record(SESSION, high + 5, 8));
    }
    // when
    records.forEach(store::append);
    // then
    assertEquals(descriptors(records), listAll(SESSION));
    records.forEach(this::assertStored);
    assertEquals(records.get(4).checkpoint(), store.latest(SESSION).orElseThrow());
  }

  @Test
  void rangesAndLimitsSelectAmongLargeSequencesByValue() {
    // given
    appendLargeShuffled();
    // when / then
    assertEquals(List.of((long) Integer.MAX_VALUE, 1L << 31, 1L << 32), rangeOf(Integer.MAX_VALUE, 1L << 32, true, 100));
    assertEquals(List.of(Long.MAX_VALUE), rangeOf(Long.MAX_VALUE, Long.MAX_VALUE, true, 100));
    assertEquals(List.of(Long.MAX_VALUE, Long.MAX_VALUE - 1), rangeOf(1, Long.MAX_VALUE, false, 2));
    assertEquals(List.of((1L << 53) + 1, 1L << 53, 10_000_000_000L), rangeOf(100, (1L << 53) + 1, false, 3));
    assertEquals(List.of(10L, 99L), rangeOf(10, 99, true, 100));
    assertEquals(List.of(), rangeOf(101, Integer.MAX_VALUE - 1L, true, 100));
  }

  private List<Long> rangeOf(long from, long to, boolean ascending, int limit) {
    CheckpointQuery q = CheckpointQuery.all().sequences(from, to).limit(limit);
    return sequences(store.list(SESSION, ascending ? q : q.newestFirst()));
  }

  @Test
  void longestSessionIdsThatDifferOnlyInTheirLastCharacterAreDistinct() {
    // given
    List<String> ids = List.of("x".repeat(255) + "a", "x".repeat(255) + "b", "é".repeat(255) + "a", "é".repeat(255) + "b",
        "日".repeat(255) + "1", "日".repeat(255) + "2", "🙂".repeat(128), "🙂".repeat(127) + "🙃");
    List<CheckpointRecord> records = ids.stream().map(id -> TckCheckpoints.record(id, 1, 16)).toList();
    // when
    records.forEach(store::append);
    // then
    assertEquals(new HashSet<>(ids), store.sessions(), "every session id, each one once");
    for (CheckpointRecord r : records) {
      assertEquals(List.of(r.checkpoint()), listAll(r.checkpoint().sessionId()), "the checkpoints of one session");
      assertStored(r);
    }
    for (int i = 0; i < ids.size(); i += 2) {
      store.deleteSession(ids.get(i));
      assertStored(records.get(i + 1));
    }
    assertEquals(ids.size() / 2, store.sessions().size(), "sessions left after deleting every other one");
  }

  @Test
  void labelsWithSeparatorsQuotesAndControlCharactersRoundTrip() {
    // given
    Map<String, String> labels = new TreeMap<>();
    labels.putAll(Map.of("a=b", "c", "a", "b=c", "k,1", "v;2", "k:3|", "v|4:", "q\"", "'q'", "\\", "\\\\",
        "nl\nkey", "line1\nline2\n", "cr\r", "\r\n", "tab\t", "\t", "nul\u0000", "\u0000"));
    labels.putAll(Map.of("{}", "[]", " ", " ", "json", "{\"x\":[1,\"y\"]}", "&amp;", "<b>", "%s", "${x}"));
    // when
    CheckpointRecord r = DescriptorDraft.of(SESSION, 1).labels(labels).record();
    store.append(r);
    // then
    assertEveryPathReturnsEach(List.of(r));
  }

  @Test
  void emptyLabelKeysAndValuesRoundTrip() {
    // given
    List<CheckpointRecord> records = List.of(
        DescriptorDraft.of(SESSION, 1).labels(Map.of("", "", "e", "", "k", "v")).record(),
        DescriptorDraft.of(SESSION, 2).labels(Map.of("", "value of the empty key")).record(),
        DescriptorDraft.of(SESSION, 3).labels(Map.of("only", "")).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void nonAsciiLabelsRoundTripAndKeysThatDifferOnlyInCaseOrNormalizationStayApart() {
    // given
    Map<String, String> labels = new TreeMap<>(Map.of("日本", "語", "é", "e\u0301", "e\u0301", "é", "🙂", "🙃",
        "עברית", "العربية", "Key", "1", "key", "2", "key ", "3", " key", "4", "KEY", "5"));
    // when
    CheckpointRecord r = DescriptorDraft.of(SESSION, 1).labels(labels).record();
    store.append(r);
    // then
    assertEveryPathReturnsEach(List.of(r));
  }

  @Test
  void aThousandLabelsAndAValueOverSixtyFourKibibytesRoundTrip() {
    // given
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      labels.put(String.format("k%04d", i), "v".repeat(i % 97) + i);
    }
    labels.put("long", "ü".repeat(70_000));
    // when
    CheckpointRecord r = DescriptorDraft.of(SESSION, 1).labels(labels).record();
    store.append(r);
    // then
    assertEveryPathReturnsEach(List.of(r));
    Checkpoint read = store.read(SESSION, r.checkpoint().id()).orElseThrow().checkpoint();
    assertTrue(read.labels().size() == 1001, () -> "1001 labels expected, got " + read.labels().size());
  }
}
