package dev.magnus.rollback.store.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class InMemoryCheckpointStoreTest {
  private static CheckpointRecord record(String session, long sequence, String id, byte[] payload) {
    Checkpoint c = new Checkpoint(CheckpointId.of(id), session, sequence, Optional.empty(), CheckpointType.USER_REQUESTED,
        "d", Instant.EPOCH, Map.of(), "hash", "chain", payload.length, payload.length, Compression.NONE);
    return new CheckpointRecord(c, payload);
  }

  @Test
  void anAppendBeyondTheBoundFailsClearlyAndChangesNothing() {
    CheckpointStore store = InMemoryStores.create(10);
    store.append(record("s", 1, "a", new byte[6]));

    StoreException e = assertThrows(StoreException.class, () -> store.append(record("s", 2, "b", new byte[5])));

    assertTrue(e.getMessage().contains("storage.maxMemoryBytes=10"), e.getMessage());
    assertEquals(1, store.list("s", CheckpointQuery.all()).size());
    assertEquals(6, store.stats().payloadBytes());
  }

  @Test
  void deletingFreesRoomWithinTheBound() {
    CheckpointStore store = InMemoryStores.create(10);
    store.append(record("s", 1, "a", new byte[6]));
    store.delete("s", List.of(CheckpointId.of("a")));

    store.append(record("s", 2, "b", new byte[10]));

    assertEquals(10, store.stats().payloadBytes());
  }

  @Test
  void aConflictingAppendKeepsTheFirstRecord() {
    CheckpointStore store = InMemoryStores.create();
    store.append(record("s", 1, "a", new byte[] {1}));

    assertThrows(CheckpointConflictException.class, () -> store.append(record("s", 1, "b", new byte[] {2})));
    assertThrows(CheckpointConflictException.class, () -> store.append(record("t", 1, "a", new byte[] {3})));

    assertArrayEquals(new byte[] {1}, store.read("s", CheckpointId.of("a")).orElseThrow().payload());
    assertTrue(store.read("s", CheckpointId.of("b")).isEmpty());
    assertEquals(List.of("s"), List.copyOf(store.sessions()));
    assertEquals(1, store.stats().checkpoints());
  }

  @Test
  void aRefusedAppendNamesTheSessionAndTheCheckpoint() {
    CheckpointStore store = InMemoryStores.create(10);
    store.append(record("s", 1, "a", new byte[] {1}));

    CheckpointConflictException bySequence = assertThrows(CheckpointConflictException.class,
        () -> store.append(record("s", 1, "b", new byte[] {2})));
    CheckpointConflictException byId = assertThrows(CheckpointConflictException.class,
        () -> store.append(record("t", 1, "a", new byte[] {3})));
    StoreException full = assertThrows(StoreException.class, () -> store.append(record("s", 2, "c", new byte[10])));

    assertEquals(Optional.of("s"), bySequence.sessionId());
    assertEquals(Optional.of(CheckpointId.of("b")), bySequence.checkpointId());
    assertEquals(Optional.of("t"), byId.sessionId());
    assertEquals(Optional.of(CheckpointId.of("a")), byId.checkpointId());
    assertEquals(Optional.of("s"), full.sessionId());
    assertEquals(Optional.of(CheckpointId.of("c")), full.checkpointId());
  }

  @Test
  void payloadsAreCopiedInAndOut() {
    CheckpointStore store = InMemoryStores.create();
    byte[] mine = {1, 2, 3};
    store.append(record("s", 1, "a", mine));
    mine[0] = 9;

    byte[] read = store.read("s", CheckpointId.of("a")).orElseThrow().payload();
    read[1] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, store.read("s", CheckpointId.of("a")).orElseThrow().payload());
  }

  @Test
  void everyCallAfterCloseFails() {
    CheckpointStore store = InMemoryStores.create();
    store.close();

    assertThrows(ClosedException.class, () -> store.append(record("s", 1, "a", new byte[0])));
    assertThrows(ClosedException.class, () -> store.latest("s"));
    assertThrows(ClosedException.class, store::sessions);
    store.close();
  }

  @Test
  void theProviderIsRegisteredAsMemoryAndHonoursTheBound() {
    CheckpointStoreProvider provider = ServiceLoader.load(CheckpointStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("memory")).findFirst().orElseThrow();

    CheckpointStore store = provider.create(StorageConfig.custom().maxMemoryBytes(4).build());

    assertThrows(StoreException.class, () -> store.append(record("s", 1, "a", new byte[5])));
  }

  @Test
  void invalidBoundsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InMemoryStores.create(0));

    assertTrue(e.getMessage().contains("storage.maxMemoryBytes"));
  }

  @Test
  void appendsInAnyOrderAreListedByRangeInSequenceOrderAndAReadSeesOnlyItsOwnSessionsStoredRecords() {
    CheckpointStore store = InMemoryStores.create();
    for (long sequence : new long[] {5, 1, 3, 2, 4, 6}) {
      store.append(record("s", sequence, "c" + sequence, new byte[] {(byte) sequence}));
    }
    store.append(record("t", 1, "t1", new byte[1]));
    store.delete("s", List.of(CheckpointId.of("c3"), CheckpointId.of("c6")));

    assertEquals(List.of(1L, 2L, 4L, 5L), sequences(store.list("s", CheckpointQuery.all())));
    assertEquals(List.of(5L, 4L), sequences(store.list("s", CheckpointQuery.all().sequences(2, 5).newestFirst().limit(2))));
    assertEquals(List.of(2L, 4L), sequences(store.list("s", CheckpointQuery.all().sequences(2, 4))));
    assertEquals(5L, store.latest("s").orElseThrow().sequence());
    assertArrayEquals(new byte[] {4}, store.read("s", CheckpointId.of("c4")).orElseThrow().payload());
    assertEquals(Optional.empty(), store.read("s", CheckpointId.of("c3")));
    assertEquals(Optional.empty(), store.read("t", CheckpointId.of("c4")));
    assertEquals(Optional.empty(), store.read("s", CheckpointId.of("t1")));
  }

  private static List<Long> sequences(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::sequence).toList();
  }
}
