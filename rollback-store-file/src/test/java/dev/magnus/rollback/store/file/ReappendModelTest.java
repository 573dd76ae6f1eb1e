package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store against a model under random appends, deletions, re-appends of deleted ids and sequences
 * (which the SPI allows) and session deletions, with segments small enough that every few operations
 * roll a segment, compact and carry records forward; the store is closed and reopened every few dozen
 * operations, and after every reopen it must hold exactly the model: no deleted record comes back, no
 * re-appended one is hidden by its old deletion, whatever segment the records and markers ended in.
 */
class ReappendModelTest {
  private static final String[] SESSIONS = {"a", "b", "c"};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomHistoriesWithReappendsMatchTheModelAfterEveryReopen(long seed, @TempDir Path dir) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, TreeMap<Long, CheckpointRecord>> model = new TreeMap<>();
    List<CheckpointRecord> deleted = new ArrayList<>();
    int generation = 0;
    long compactions = 0;
    long moved = 0;
    for (int round = 0; round < 6; round++) {
      try (CheckpointStore store = FileStores.builder(dir).segmentBytes(FileStores.MIN_SEGMENT_BYTES * 4).open()) {
        assertMatches(model, store, "after reopen " + round + " (seed " + seed + ")");
        for (int op = 0; op < 40; op++) {
          generation++;
          step(random, store, model, deleted, generation);
        }
        assertMatches(model, store, "before close " + round + " (seed " + seed + ")");
        compactions += store.stats().extra().getOrDefault("compactions", 0L);
        moved += store.stats().extra().getOrDefault("movedRecords", 0L);
      }
    }
    // the histories must have exercised what they are about: compaction, and records carried forward
    assertTrue(compactions > 0 && moved > 0, "compactions " + compactions + ", moved records " + moved);
  }

  private static void step(SplittableRandom random, CheckpointStore store, Map<String, TreeMap<Long, CheckpointRecord>> model,
      List<CheckpointRecord> deleted, int generation) {
    String session = SESSIONS[random.nextInt(SESSIONS.length)];
    TreeMap<Long, CheckpointRecord> live = model.computeIfAbsent(session, s -> new TreeMap<>());
    int choice = random.nextInt(10);
    if (choice < 5 || live.isEmpty()) {
      long sequence = live.isEmpty() ? 1 : live.lastKey() + 1;
      append(store, live, Fixtures.record(session, sequence, 40 + random.nextInt(120),
          CheckpointId.of("g" + generation + "-" + session + "-" + sequence)));
    } else if (choice < 8) {
      CheckpointRecord victim = new ArrayList<>(live.values()).get(random.nextInt(live.size()));
      assertEquals(1, store.delete(session, List.of(victim.checkpoint().id())));
      live.remove(victim.checkpoint().sequence());
      deleted.add(victim);
    } else if (choice < 9) {
      reappend(store, model, deleted, random);
    } else {
      assertEquals(live.size(), store.deleteSession(session));
      deleted.addAll(live.values());
      live.clear();
    }
  }

  /** Append a deleted record's id and (session, sequence) again, with a new payload, if its place is free. */
  private static void reappend(CheckpointStore store, Map<String, TreeMap<Long, CheckpointRecord>> model,
      List<CheckpointRecord> deleted, SplittableRandom random) {
    if (deleted.isEmpty()) {
      return;
    }
    CheckpointRecord old = deleted.remove(random.nextInt(deleted.size()));
    Checkpoint c = old.checkpoint();
    TreeMap<Long, CheckpointRecord> live = model.computeIfAbsent(c.sessionId(), s -> new TreeMap<>());
    boolean idLive = model.values().stream().flatMap(m -> m.values().stream()).anyMatch(r -> r.checkpoint().id().equals(c.id()));
    if (live.containsKey(c.sequence()) || idLive) {
      return;
    }
    byte[] fresh = Fixtures.payload(c.sessionId() + "-again", c.sequence(), 30 + random.nextInt(90));
    Checkpoint again = new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(), "again: " + c.description(),
        c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), fresh.length, c.compression());
    append(store, live, new CheckpointRecord(again, fresh));
  }

  private static void append(CheckpointStore store, TreeMap<Long, CheckpointRecord> live, CheckpointRecord record) {
    store.append(record);
    live.put(record.checkpoint().sequence(), record);
  }

  private static void assertMatches(Map<String, TreeMap<Long, CheckpointRecord>> model, CheckpointStore store, String when) {
    for (String session : SESSIONS) {
      List<Checkpoint> expected = model.getOrDefault(session, new TreeMap<>()).values().stream()
          .map(CheckpointRecord::checkpoint).collect(Collectors.toList());
      assertEquals(expected, store.list(session, CheckpointQuery.all()), () -> when + ": list of " + session);
      for (CheckpointRecord r : model.getOrDefault(session, new TreeMap<>()).values()) {
        CheckpointRecord read = store.read(session, r.checkpoint().id()).orElse(null);
        assertTrue(read != null, () -> when + ": " + r.checkpoint().id() + " is live but not readable");
        assertArrayEquals(r.payload(), read.payload(), () -> when + ": payload of " + r.checkpoint().id());
      }
    }
    assertEquals(0, store.stats().corruptions(), () -> when + ": corruptions");
  }
}
