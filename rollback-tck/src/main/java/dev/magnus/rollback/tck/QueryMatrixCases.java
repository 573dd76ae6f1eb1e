package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Check list against a plain model for every combination of order, sequence range, type filter and
 * limit: a generated matrix of 2,000 to 3,000 queries a case, on a contiguous session and on a
 * sparse one with large sequences and deletions, each next to a session with the same sequences of
 * other types.
 */
abstract class QueryMatrixCases extends StoreCases {
  /** The types the sessions hold; the other two never occur, so filters on them must match nothing. */
  private static final List<CheckpointType> PRESENT = List.of(CheckpointType.SESSION_START,
      CheckpointType.PATTERN_MILESTONE, CheckpointType.USER_REQUESTED, CheckpointType.AUTO_PERIODIC,
      CheckpointType.PRE_ROLLBACK, CheckpointType.RECOVERY_POINT);
  private static final List<Set<CheckpointType>> TYPE_FILTERS = List.of(Set.of(), Set.of(CheckpointType.USER_REQUESTED),
      EnumSet.of(CheckpointType.SESSION_START, CheckpointType.RECOVERY_POINT), Set.of(CheckpointType.SCORING_DECISION),
      EnumSet.of(CheckpointType.PRE_ROLLBACK, CheckpointType.THERAPEUTIC_PHASE), EnumSet.allOf(CheckpointType.class));
  private static final List<Integer> LIMITS = List.of(1, 2, 3, 7, Integer.MAX_VALUE);
  private static final int SHOWN = 5;

  @Test
  void everyQueryOnAContiguousSessionMatchesTheModel() {
    // given
    List<Long> sequences = new ArrayList<>();
    for (long seq = 1; seq <= 24; seq++) {
      sequences.add(seq);
    }
    List<Checkpoint> live = appendWithNeighbour(sequences, 1);
    // when / then
    assertEveryQueryMatchesTheModel(live);
  }

  @Test
  void everyQueryOnASparseSessionWithLargeSequencesAndDeletionsMatchesTheModel() {
    // given
    List<Long> sequences = new ArrayList<>(List.of(1L, 2L, 3L, 5L, 8L, 9L, 10L, 11L, 99L, 100L, 101L));
    sequences.addAll(FieldRangeCases.LARGE.subList(4, FieldRangeCases.LARGE.size()));
    List<Checkpoint> live = new ArrayList<>(appendWithNeighbour(sequences, 2));
    List<Checkpoint> doomed = live.stream().filter(c -> c.sequence() == 3 || c.sequence() == 100
        || c.sequence() == 1L << 32).toList();
    // when
    store.delete(SESSION, ids(doomed));
    live.removeAll(doomed);
    // then
    assertEveryQueryMatchesTheModel(live);
  }

  /** Append the sequences to SESSION, and to OTHER with other types, in a shuffled order; return SESSION's. */
  private List<Checkpoint> appendWithNeighbour(List<Long> sequences, long seed) {
    Random random = new Random(seed);
    List<CheckpointRecord> mine = new ArrayList<>();
    List<CheckpointRecord> all = new ArrayList<>();
    for (long seq : sequences) {
      CheckpointType type = PRESENT.get(random.nextInt(PRESENT.size()));
      CheckpointType other = PRESENT.get((PRESENT.indexOf(type) + 1) % PRESENT.size());
      mine.add(TckCheckpoints.record(SESSION, seq, type, 4));
      all.add(mine.get(mine.size() - 1));
      all.add(TckCheckpoints.record(OTHER, seq, other, 4));
    }
    java.util.Collections.shuffle(all, random);
    all.forEach(store::append);
    return descriptors(mine);
  }

  private void assertEveryQueryMatchesTheModel(List<Checkpoint> live) {
    List<String> wrong = new ArrayList<>();
    int asked = 0;
    for (long[] range : ranges(live)) {
      for (Set<CheckpointType> types : TYPE_FILTERS) {
        for (int limit : LIMITS) {
          for (boolean ascending : new boolean[] {true, false}) {
            CheckpointQuery q = new CheckpointQuery(types, range[0], range[1], limit, ascending);
            List<Long> expected = model(live, q);
            List<Long> actual = sequences(store.list(SESSION, q));
            asked++;
            if (!expected.equals(actual) && wrong.size() < SHOWN) {
              wrong.add(q + ": expected " + expected + " but was " + actual);
            }
          }
        }
      }
    }
    assertEquals(List.of(), wrong, "queries (of " + asked + ") whose result differs from the model, first " + SHOWN);
  }

  /** Every ordered pair of interesting bounds: 1, the ends, either side of them, a middle one, the top. */
  private static List<long[]> ranges(List<Checkpoint> live) {
    List<Long> seqs = sequences(live).stream().sorted().toList();
    long lo = seqs.get(0);
    long hi = seqs.get(seqs.size() - 1);
    TreeSet<Long> bounds = new TreeSet<>(List.of(1L, lo, lo + 1, seqs.get(seqs.size() / 3), seqs.get(seqs.size() / 2) + 1,
        hi - 1, hi, Long.MAX_VALUE));
    if (hi < Long.MAX_VALUE) {
      bounds.add(hi + 1);
    }
    List<long[]> ranges = new ArrayList<>();
    for (long from : bounds) {
      for (long to : bounds.tailSet(from, true)) {
        ranges.add(new long[] {from, to});
      }
    }
    return ranges;
  }

  /** The plain model: filter by range and type, sort, then cut at the limit. */
  private static List<Long> model(List<Checkpoint> live, CheckpointQuery q) {
    Comparator<Long> order = q.ascending() ? Comparator.naturalOrder() : Comparator.reverseOrder();
    return live.stream().filter(c -> c.sequence() >= q.fromSequence() && c.sequence() <= q.toSequence())
        .filter(c -> q.types().isEmpty() || q.types().contains(c.type())).map(Checkpoint::sequence).sorted(order)
        .limit(q.limit()).toList();
  }
}
