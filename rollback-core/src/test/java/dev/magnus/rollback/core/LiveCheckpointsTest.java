package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The live list against an {@code ArrayList} under random mixes of what a session does: appends,
 * deletions within a prefix (retention's oldest checkpoints, runs and scattered ones), reloads. Long enough
 * that the start moves, the array grows and moves its checkpoints to the front many times.
 */
class LiveCheckpointsTest {
  @Test
  void matchesAnArrayListUnderRandomAppendsPrefixDeletionsAndReloads() {
    SplittableRandom random = new SplittableRandom(5);
    for (int round = 0; round < 40; round++) {
      LiveCheckpoints live = new LiveCheckpoints();
      List<Checkpoint> expected = new ArrayList<>();
      long next = 1;
      for (int step = 0; step < 1500; step++) {
        String where = "round " + round + " step " + step;
        int op = random.nextInt(20);
        if (op < 12 || expected.isEmpty()) {
          Checkpoint c = checkpoint(next++);
          live.add(c);
          expected.add(c);
        } else if (op < 19) {
          int end = random.nextInt(0, expected.size() + 1);
          int mode = random.nextInt(3);
          Predicate<Checkpoint> doomed = mode == 0 ? c -> true
              : mode == 1 ? c -> c.sequence() % 3 == 0 : c -> c.sequence() % 2 == 1;
          List<Checkpoint> scope = expected.subList(0, end);
          int before = expected.size();
          List<Checkpoint> doomedOnes = scope.stream().filter(doomed).toList();
          scope.removeIf(doomed);
          List<Checkpoint> removed = new ArrayList<>();
          assertEquals(before - expected.size(), live.removeWithin(end, doomed, removed::add), where);
          assertEquals(doomedOnes.size(), removed.size(), where);
          assertTrue(removed.containsAll(doomedOnes), where);
        } else {
          List<Checkpoint> stored = new ArrayList<>(expected.subList(random.nextInt(0, expected.size() + 1), expected.size()));
          live.replaceWith(stored);
          expected = stored;
        }
        assertEquals(expected, live, where);
        assertEquals(expected.size(), live.size(), where);
      }
    }
  }

  @Test
  void aPositionOrPrefixOutsideTheLiveCheckpointsIsRefusedWithBothNumbers() {
    LiveCheckpoints live = new LiveCheckpoints();
    live.add(checkpoint(1));
    live.add(checkpoint(2));
    live.removeWithin(1, c -> true, c -> { });
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> live.get(1));
    assertEquals("position 1 of 1 live checkpoints", e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> live.get(-1));
    IndexOutOfBoundsException prefix = assertThrows(IndexOutOfBoundsException.class,
        () -> live.removeWithin(2, c -> true, c -> { }));
    assertEquals("prefix of 2 among 1 live checkpoints", prefix.getMessage());
    assertEquals(1, live.size(), "nothing removed");
  }

  private static Checkpoint checkpoint(long sequence) {
    return new Checkpoint(CheckpointId.of("s-" + sequence), "s", sequence, Optional.empty(), CheckpointType.USER_REQUESTED,
        "d", Instant.EPOCH.plusSeconds(sequence), Map.of(), "hash", "chain", 8, 8, Compression.NONE);
  }
}
