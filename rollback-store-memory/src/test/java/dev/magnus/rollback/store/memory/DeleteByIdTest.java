package dev.magnus.rollback.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A deletion finds its records through their ids instead of testing every record of the session: over
 * random sessions and random sets of ids (from the front, the middle, the end, runs of neighbours, ids of
 * another session, ids never stored, ids deleted before), the session keeps exactly the others, in order,
 * and the store's byte count and the ids' availability follow.
 */
class DeleteByIdTest {
  @Test
  void randomDeletionsLeaveExactlyTheOtherRecordsInOrder() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      CheckpointStore store = InMemoryStores.create();
      List<Checkpoint> expected = new ArrayList<>();
      int n = random.nextInt(1, 60);
      for (int s = 1; s <= n; s++) {
        expected.add(append(store, "s", s));
        append(store, "other", s);
      }
      for (int step = 0; step < 5 && !expected.isEmpty(); step++) {
        List<CheckpointId> ids = pick(random, expected);
        List<Checkpoint> doomed = expected.stream().filter(c -> ids.contains(c.id())).toList();
        ids.add(CheckpointId.of("other-" + random.nextInt(1, n + 1))); // another session's: untouched
        ids.add(CheckpointId.of("never-stored"));
        int deleted = store.delete("s", ids);
        expected.removeAll(doomed);
        assertEquals(doomed.size(), deleted, "round " + round + " step " + step);
        assertEquals(expected, store.list("s", CheckpointQuery.all()), "round " + round + " step " + step);
        assertEquals(n, store.list("other", CheckpointQuery.all()).size());
        assertEquals((expected.size() + n) * 8L, store.stats().payloadBytes(), "payload bytes released");
        assertEquals(0, store.delete("s", doomed.stream().map(Checkpoint::id).toList()), "deleted once only");
      }
    }
  }

  private static List<CheckpointId> pick(SplittableRandom random, List<Checkpoint> live) {
    List<CheckpointId> ids = new ArrayList<>();
    int mode = random.nextInt(3);
    int run = random.nextInt(1, Math.min(live.size(), 6) + 1);
    int start = mode == 0 ? 0 : mode == 1 ? live.size() - run : random.nextInt(live.size() - run + 1);
    for (int i = 0; i < live.size(); i++) {
      if ((i >= start && i < start + run) || random.nextInt(8) == 0) {
        ids.add(live.get(i).id());
      }
    }
    return ids;
  }

  private static Checkpoint append(CheckpointStore store, String session, long sequence) {
    Checkpoint c = new Checkpoint(CheckpointId.of(session + "-" + sequence), session, sequence, Optional.empty(),
        CheckpointType.USER_REQUESTED, "d", Instant.EPOCH, Map.of(), "hash", "chain", 8, 8, Compression.NONE);
    store.append(new CheckpointRecord(c, new byte[8]));
    return c;
  }
}
