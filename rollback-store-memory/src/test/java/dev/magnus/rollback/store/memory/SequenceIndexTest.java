package dev.magnus.rollback.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index against a sorted map under random mixes of what the store does: appends at the end and, now
 * and then, below the highest sequence; removals of the oldest records (retention), of random positions
 * and, rarely, of all (a session deleted). Long enough runs that the records' start moves, the array grows, moves its records to
 * the front and shrinks, each many times; after every step every position, lookup and ceiling is checked.
 */
class SequenceIndexTest {
  @Test
  void everyPositionLookupAndCeilingMatchASortedMapUnderRandomAppendsAndRemovals() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 40; round++) {
      SequenceIndex index = new SequenceIndex();
      TreeMap<Long, CheckpointRecord> expected = new TreeMap<>();
      long next = 1;
      for (int step = 0; step < 1500; step++) {
        String where = "round " + round + " step " + step;
        int op = random.nextInt(10);
        if (op < 6 || expected.isEmpty()) {
          long sequence = op == 0 && next > 3 ? random.nextLong(1, next) : next++;
          if (!expected.containsKey(sequence)) {
            CheckpointRecord r = record(sequence);
            index.add(r);
            expected.put(sequence, r);
          }
        } else if (op < 8) {
          removeOldest(random, index, expected, where);
        } else if (op == 8 || random.nextInt(40) != 0) {
          removeRandom(random, index, expected, where);
        } else {
          List<CheckpointRecord> gone = new ArrayList<>();
          int n = index.clear(gone::add);
          assertEquals(new ArrayList<>(expected.values()), gone, where);
          expected.clear();
          assertEquals(gone.size(), n, where);
        }
        check(index, expected, next, random, where);
      }
    }
  }

  private static void removeOldest(SplittableRandom random, SequenceIndex index, TreeMap<Long, CheckpointRecord> expected,
      String where) {
    int count = random.nextInt(1, Math.min(expected.size(), 4) + 1);
    int[] positions = new int[count];
    List<CheckpointRecord> doomed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      positions[i] = i;
      doomed.add(expected.pollFirstEntry().getValue());
    }
    List<CheckpointRecord> gone = new ArrayList<>();
    assertEquals(count, index.removeAt(positions, gone::add), where);
    assertEquals(doomed, gone, where);
  }

  /** Remove random positions: sometimes a run of the oldest first, then others spread over the rest. */
  private static void removeRandom(SplittableRandom random, SequenceIndex index, TreeMap<Long, CheckpointRecord> expected,
      String where) {
    List<Long> sequences = new ArrayList<>(expected.keySet());
    List<Integer> picked = new ArrayList<>();
    int front = random.nextBoolean() ? random.nextInt(0, Math.min(3, sequences.size()) + 1) : 0;
    for (int i = 0; i < sequences.size(); i++) {
      if (i < front || random.nextInt(5) == 0) {
        picked.add(i);
      }
    }
    int[] positions = picked.stream().mapToInt(Integer::intValue).toArray();
    List<CheckpointRecord> doomed = new ArrayList<>();
    for (int p : positions) {
      doomed.add(expected.remove(sequences.get(p)));
    }
    List<CheckpointRecord> gone = new ArrayList<>();
    assertEquals(positions.length, index.removeAt(positions, gone::add), where);
    assertEquals(doomed, gone, where);
  }

  private static void check(SequenceIndex index, TreeMap<Long, CheckpointRecord> expected, long next,
      SplittableRandom random, String where) {
    assertEquals(expected.size(), index.size(), where);
    int i = 0;
    for (CheckpointRecord r : expected.values()) {
      assertSame(r, index.at(i), where + " position " + i);
      assertEquals(i, index.indexOf(r.checkpoint().sequence()), where);
      assertSame(r, index.get(r.checkpoint().sequence()), where);
      i++;
    }
    long probe = random.nextLong(0, next + 2);
    Long ceiling = expected.ceilingKey(probe);
    assertEquals(ceiling == null ? expected.size() : expected.headMap(ceiling).size(), index.ceiling(probe),
        where + " ceiling of " + probe);
    if (!expected.containsKey(probe)) {
      assertNull(index.get(probe), where + " sequence " + probe);
    }
  }

  private static CheckpointRecord record(long sequence) {
    Checkpoint c = new Checkpoint(CheckpointId.of("s-" + sequence), "s", sequence, Optional.empty(),
        CheckpointType.USER_REQUESTED, "d", Instant.EPOCH, Map.of(), "hash", "chain", 8, 8, Compression.NONE);
    return new CheckpointRecord(c, new byte[8]);
  }
}
