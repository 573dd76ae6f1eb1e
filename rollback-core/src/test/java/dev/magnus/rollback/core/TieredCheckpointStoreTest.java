package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TieredCheckpointStoreTest {
  private static final AtomicLong IDS = new AtomicLong();
  private final CheckpointStore hot = InMemoryStores.create(Long.MAX_VALUE);
  private final CheckpointStore cold = InMemoryStores.create(Long.MAX_VALUE);

  private static CheckpointRecord record(String session, long sequence, int size) {
    byte[] payload = new byte[size];
    java.util.Arrays.fill(payload, (byte) sequence);
    Checkpoint c = new Checkpoint(CheckpointId.of(String.format("t%012d", IDS.incrementAndGet())), session, sequence,
        Optional.empty(), CheckpointType.USER_REQUESTED, "d" + sequence, Instant.EPOCH, Map.of(), "hash", "chain", size,
        size, Compression.NONE);
    return new CheckpointRecord(c, payload);
  }

  @Test
  void oldestCheckpointsMoveToTheDurableTierAndReadsFallThrough() {
    // given a 250-byte memory bound
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 250);
    // when five 100-byte checkpoints are appended
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      records.add(record("s", i, 100));
      store.append(records.get(i - 1));
    }
    // then the two newest stay in memory, the three oldest moved; every one is listed and readable
    assertEquals(List.of(4L, 5L), hot.list("s", CheckpointQuery.all()).stream().map(Checkpoint::sequence).toList());
    assertEquals(List.of(1L, 2L, 3L), cold.list("s", CheckpointQuery.all()).stream().map(Checkpoint::sequence).toList());
    assertEquals(List.of(5L, 4L, 3L), store.list("s", CheckpointQuery.all().newestFirst().limit(3)).stream()
        .map(Checkpoint::sequence).toList());
    for (CheckpointRecord r : records) {
      assertEquals(r, store.read("s", r.checkpoint().id()).orElseThrow());
    }
    assertEquals(5L, store.latest("s").orElseThrow().sequence());
    assertEquals(3L, store.stats().extra().get("spilledCheckpoints"));
  }

  @Test
  void deletesReachBothTiersAndNeverTouchAnotherSession() {
    // given checkpoints of two sessions, some spilled
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 150);
    CheckpointRecord a1 = record("a", 1, 100);
    CheckpointRecord a2 = record("a", 2, 100);
    CheckpointRecord b1 = record("b", 1, 100);
    store.append(a1);
    store.append(a2);
    store.append(b1);
    // when a's checkpoints are deleted, and b's id is passed with session a
    int deleted = store.delete("a", List.of(a1.checkpoint().id(), a2.checkpoint().id(), b1.checkpoint().id()));
    // then
    assertEquals(2, deleted);
    assertEquals(List.of(), store.list("a", CheckpointQuery.all()));
    assertEquals(b1, store.read("b", b1.checkpoint().id()).orElseThrow());
    assertEquals(100L, store.stats().extra().get("memoryTierBytes"));
  }

  @Test
  void aSequenceAlreadySpilledIsAConflict() {
    // given sequence 1 moved to the durable tier
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 50);
    store.append(record("s", 1, 100));
    // when / then
    assertThrows(CheckpointConflictException.class, () -> store.append(record("s", 1, 10)));
  }

  /** Regression: a duplicate id was accepted once the first record had spilled (issue 12, item 8). */
  @Test
  void duplicateIdAcceptedAfterSpillIsNowAConflictInEitherSession() {
    // given checkpoint "dup" of session a, moved to the durable tier
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1);
    CheckpointRecord first = withId("dup", "a", 1);
    store.append(first);
    assertEquals(List.of(first.checkpoint()), cold.list("a", CheckpointQuery.all()), "precondition: spilled");
    // when the same id comes again, in the same session and in another one
    CheckpointConflictException same = assertThrows(CheckpointConflictException.class,
        () -> store.append(withId("dup", "a", 2)));
    CheckpointConflictException other = assertThrows(CheckpointConflictException.class,
        () -> store.append(withId("dup", "b", 1)));
    // then both are refused with the id and where it is, and nothing changed
    assertEquals("checkpoint id dup already exists (session 'a', in the spillover store): generate a new id",
        other.getMessage());
    assertEquals(other.getMessage(), same.getMessage());
    assertEquals(List.of(first.checkpoint()), store.list("a", CheckpointQuery.all()));
    assertEquals(List.of(), store.list("b", CheckpointQuery.all()));
    assertEquals(Set.of("a"), store.sessions());
    assertEquals(first, store.read("a", first.checkpoint().id()).orElseThrow());
    assertEquals(List.of(1L, 100L), List.of(store.stats().checkpoints(), store.stats().payloadBytes()));
  }

  @Test
  void appendThenDeleteDeletesBeforeSpillingSoRetentionNeverMovesWhatItDeletes() {
    // given two 100-byte checkpoints in memory under a 250-byte bound
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 250);
    CheckpointRecord first = record("s", 1, 100);
    store.append(first);
    store.append(record("s", 2, 100));
    // when a third arrives and retention deletes the first
    int deleted = store.appendThenDelete(record("s", 3, 100), List.of(first.checkpoint().id()));
    // then the first was deleted from memory, not moved: nothing spilled
    assertEquals(1, deleted);
    assertEquals(List.of(2L, 3L), store.list("s", CheckpointQuery.all()).stream().map(Checkpoint::sequence).toList());
    assertEquals(List.of(), cold.list("s", CheckpointQuery.all()));
    assertEquals(0L, store.stats().extra().get("spilledCheckpoints"));
  }

  @Test
  void checkpointsTheDurableTierHeldBeforeOpeningAreKnownToConflictsAndStats() {
    // given a durable tier that kept checkpoint "old" of session a from an earlier run
    CheckpointRecord old = withId("old", "a", 1);
    cold.append(old);
    // when the tiered store opens over it
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1_000);
    // then its id and its (session, sequence) are taken, and it is counted
    assertThrows(CheckpointConflictException.class, () -> store.append(withId("old", "b", 1)));
    assertThrows(CheckpointConflictException.class, () -> store.append(withId("new", "a", 1)));
    store.append(withId("new", "a", 2));
    assertEquals(List.of(2L, 200L), List.of(store.stats().checkpoints(), store.stats().payloadBytes()));
    assertEquals(Set.of("a"), store.sessions());
  }

  @Test
  void tiersThatHoldConflictingCheckpointsAreRefusedOnOpen() {
    // given sequence 1 of session a with one id in memory and another in the durable tier
    hot.append(withId("x", "a", 1));
    cold.append(withId("y", "a", 1));
    // when
    StoreException e = assertThrows(StoreException.class, () -> new TieredCheckpointStore(hot, cold, 1_000));
    // then
    assertEquals("cannot open the tiered store: session 'a' has sequence 1 twice: checkpoint x in the memory tier and"
        + " checkpoint y in the spillover store; remove the stale checkpoint from one tier, or open the tiered store"
        + " with an empty memory tier", e.getMessage());
  }

  @Test
  void theSameCheckpointInBothTiersOnOpenIsAMoveToComplete() {
    // given a move cut short: checkpoint x in both tiers
    CheckpointRecord x = withId("x", "a", 1);
    hot.append(x);
    cold.append(x);
    // when the store opens with a bound that x exceeds
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 1);
    // then x is counted once and the move completed
    assertEquals(List.of(x.checkpoint()), store.list("a", CheckpointQuery.all()));
    assertEquals(List.of(), hot.list("a", CheckpointQuery.all()));
    assertEquals(1L, store.stats().checkpoints());
  }

  private static CheckpointRecord withId(String id, String session, long sequence) {
    Checkpoint c = new Checkpoint(CheckpointId.of(id), session, sequence, Optional.empty(),
        CheckpointType.USER_REQUESTED, "d" + sequence, Instant.EPOCH, Map.of(), "hash", "chain", 100, 100, Compression.NONE);
    return new CheckpointRecord(c, new byte[100]);
  }

  @Test
  void sixteenConcurrentWritersLoseAndDuplicateNothingWhileCheckpointsMove() throws Exception {
    // given a bound far below what 16 writers append, so moves run all the time
    TieredCheckpointStore store = new TieredCheckpointStore(hot, cold, 4_096);
    int writers = 16;
    int perWriter = 150;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Set<CheckpointId>>> futures = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        String session = "w" + w;
        futures.add(pool.submit(() -> {
          start.await();
          return writeAndCheck(store, session, perWriter);
        }));
      }
      // when
      start.countDown();
      // then each writer saw its own checkpoints complete and unique at every step
      List<Set<CheckpointId>> live = new ArrayList<>();
      for (Future<Set<CheckpointId>> f : futures) {
        live.add(f.get(60, TimeUnit.SECONDS));
      }
      // and once all writers stopped, every live checkpoint is there exactly once, in exactly one tier
      for (int w = 0; w < writers; w++) {
        Set<CheckpointId> expected = live.get(w);
        List<Checkpoint> listed = store.list("w" + w, CheckpointQuery.all());
        assertEquals(expected, Set.copyOf(listed.stream().map(Checkpoint::id).toList()));
        assertEquals(expected.size(), listed.size());
        for (Checkpoint c : listed) {
          assertArrayEquals(filled(c), store.read(c.sessionId(), c.id()).orElseThrow().payload());
        }
        Set<CheckpointId> inBoth = new HashSet<>(ids(hot.list("w" + w, CheckpointQuery.all())));
        inBoth.retainAll(ids(cold.list("w" + w, CheckpointQuery.all())));
        assertEquals(Set.of(), inBoth);
      }
      assertTrue(store.stats().extra().get("memoryTierBytes") <= 4_096);
      assertTrue(store.stats().extra().get("spilledCheckpoints") > 0);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Append, delete every 7th, and check after each step that the listing is exactly what is live. */
  private static Set<CheckpointId> writeAndCheck(CheckpointStore store, String session, int count) {
    Set<CheckpointId> live = new TreeSet<>();
    for (int i = 1; i <= count; i++) {
      CheckpointRecord r = record(session, i, 64);
      store.append(r);
      live.add(r.checkpoint().id());
      if (i % 7 == 0) {
        CheckpointId doomed = live.iterator().next();
        store.delete(session, List.of(doomed));
        live.remove(doomed);
      }
      List<CheckpointId> listed = ids(store.list(session, CheckpointQuery.all()));
      if (listed.size() != live.size() || !live.equals(new TreeSet<>(listed))) {
        throw new AssertionError(session + " step " + i + ": listed " + listed + " but live " + live);
      }
    }
    return live;
  }

  private static List<CheckpointId> ids(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::id).toList();
  }

  private static byte[] filled(Checkpoint c) {
    byte[] payload = new byte[(int) c.storedSize()];
    java.util.Arrays.fill(payload, (byte) c.sequence());
    return payload;
  }

  @Test
  void engineWithSpilloverRollsBackToASpilledCheckpoint() {
    // given an engine whose memory tier holds about one checkpoint, spilling to a store named cold
    CheckpointStore coldTier = InMemoryStores.create();
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(dev.magnus.rollback.CheckpointConfig.custom().maxCheckpoints(100).build())
        .storage(StorageConfig.custom().type("memory").maxMemoryBytes(300).spillover(true).spilloverType("cold").build())
        .build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).storeProvider(provider("cold", coldTier))
        .scheduler(Fixtures.SCHEDULER).build()) {
      Session session = engine.initialize("s1", Fixtures.metadata(), Map.of("step", 0L));
      Checkpoint first = session.checkpoints().get(0);
      for (long i = 1; i <= 20; i++) {
        long step = i;
        session.update(s -> s.with("step", step));
        session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      }
      // when
      session.rollbackToCheckpoint(first.id());
      // then the oldest were spilled, and the state came back from the spillover store
      assertTrue(coldTier.list("s1", CheckpointQuery.all()).stream().anyMatch(c -> c.id().equals(first.id())));
      assertEquals(0L, session.getCurrentState().attributes().get("step"));
      assertEquals(23, session.checkpoints().size());
    }
  }

  @Test
  void spilloverToTheSameStoreIsRejected() {
    // given
    RollbackConfig config = RollbackConfig.custom()
        .storage(StorageConfig.custom().type("memory").spillover(true).spilloverType("memory").build()).build();
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> SessionRollback.builder().config(config).build());
    // then
    assertEquals(1, e.problems().size(), e::getMessage);
    assertTrue(e.problems().get(0).startsWith("storage.spilloverType (set in code): must name another store "
        + "than storage.type, was 'memory' for both"), e::getMessage);
  }

  private static CheckpointStoreProvider provider(String name, CheckpointStore store) {
    return new CheckpointStoreProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckpointStore create(StorageConfig storage) {
        return store;
      }
    };
  }
}
