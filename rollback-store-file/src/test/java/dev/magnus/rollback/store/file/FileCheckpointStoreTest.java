package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.id;
import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {
  private static final String ODD_SESSION = "../etc/passwd/\u00e9\u4e2d \ud83d\ude00 \\ LOCK";

  @TempDir
  Path dir;

  @Test
  void readReturnsEveryDescriptorFieldAndThePayloadExactly() {
    // given
    CheckpointRecord first = record(ODD_SESSION, 1, 0);
    CheckpointRecord second = record(ODD_SESSION, 2, 4500);
    try (CheckpointStore store = FileStores.open(dir)) {
      // when
      store.append(first);
      store.append(second);

      // then
      assertEquals(Optional.of(first), store.read(ODD_SESSION, first.checkpoint().id()));
      assertEquals(Optional.of(second), store.read(ODD_SESSION, second.checkpoint().id()));
      assertEquals(123_456_791, store.read(ODD_SESSION, id(ODD_SESSION, 2)).orElseThrow().checkpoint().createdAt()
          .getNano());
    }
  }

  @Test
  void reopenedStoreServesEverythingThatWasAppended() {
    // given
    List<CheckpointRecord> records = Stream.of("a", "b", ODD_SESSION)
        .flatMap(s -> Stream.of(record(s, 1, 10), record(s, 2, 3000), record(s, 3, 1))).toList();
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(2048).open()) {
      records.forEach(store::append);
    }

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      // then
      for (CheckpointRecord r : records) {
        assertEquals(Optional.of(r), store.read(r.checkpoint().sessionId(), r.checkpoint().id()));
      }
      assertEquals(Set.of("a", "b", ODD_SESSION), store.sessions());
      assertEquals(9, store.stats().checkpoints());
      assertEquals(3, store.latest("b").orElseThrow().sequence());
    }
  }

  @Test
  void sessionIdsNeverBecomeFileNames() throws Exception {
    // given
    try (CheckpointStore store = FileStores.open(dir)) {
      // when
      store.append(record(ODD_SESSION, 1, 5));
    }

    // then
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.map(p -> p.getFileName().toString())
          .allMatch(n -> n.equals("LOCK") || n.equals("MANIFEST") || n.matches("segment-\\d{20}\\.(log|summary)")));
    }
  }

  @Test
  void duplicateSequenceAndDuplicateIdAcrossSessionsConflictAndChangeNothing() {
    try (CheckpointStore store = FileStores.open(dir)) {
      // given
      CheckpointRecord original = record("s", 1, 10);
      store.append(original);

      // when
      CheckpointRecord sameSequence = record("s", 1, 20, CheckpointId.of("other"));
      CheckpointRecord sameIdOtherSession = record("t", 1, 10, original.checkpoint().id());

      // then
      assertThrows(CheckpointConflictException.class, () -> store.append(sameSequence));
      assertThrows(CheckpointConflictException.class, () -> store.append(sameIdOtherSession));
      assertEquals(Set.of("s"), store.sessions());
      assertEquals(Optional.of(original), store.read("s", original.checkpoint().id()));
    }
  }

  @Test
  void aConflictNamesTheSessionAndTheCheckpointThatWasRefused() {
    try (CheckpointStore store = FileStores.open(dir)) {
      // given
      CheckpointRecord original = record("s", 1, 10);
      store.append(original);
      CheckpointRecord sameSequence = record("s", 1, 20, CheckpointId.of("other"));
      CheckpointRecord sameIdOtherSession = record("t", 1, 10, original.checkpoint().id());

      // when
      CheckpointConflictException bySequence = assertThrows(CheckpointConflictException.class,
          () -> store.append(sameSequence));
      CheckpointConflictException byId = assertThrows(CheckpointConflictException.class,
          () -> store.append(sameIdOtherSession));

      // then
      assertEquals(Optional.of("s"), bySequence.sessionId());
      assertEquals(Optional.of(CheckpointId.of("other")), bySequence.checkpointId());
      assertEquals(Optional.of("t"), byId.sessionId());
      assertEquals(Optional.of(original.checkpoint().id()), byId.checkpointId());
    }
  }

  @Test
  void conflictsAreStillDetectedAfterReopen() {
    // given
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(record("s", 1, 10));
    }

    try (CheckpointStore store = FileStores.open(dir)) {
      // when / then
      assertThrows(CheckpointConflictException.class, () -> store.append(record("s", 1, 10, CheckpointId.of("z"))));
      assertThrows(CheckpointConflictException.class, () -> store.append(record("u", 4, 10, id("s", 1))));
    }
  }

  @Test
  void unknownSessionsAndIdsGiveEmptyResults() {
    try (CheckpointStore store = FileStores.open(dir)) {
      // given
      store.append(record("s", 1, 10));

      // when / then
      assertEquals(Optional.empty(), store.read("nobody", id("s", 1)));
      assertEquals(Optional.empty(), store.read("s", CheckpointId.of("missing")));
      assertEquals(List.of(), store.list("nobody", CheckpointQuery.all()));
      assertEquals(Optional.empty(), store.latest("nobody"));
      assertEquals(0, store.delete("nobody", List.of(id("s", 1))));
      assertEquals(0, store.deleteSession("nobody"));
    }
  }

  @Test
  void listFiltersByTypeAndRangeWithLimitAndOrder() {
    try (CheckpointStore store = FileStores.open(dir)) {
      // given
      for (long seq = 1; seq <= 10; seq++) {
        store.append(record("s", seq, 3));
      }

      // when
      List<Checkpoint> newest = store.list("s", CheckpointQuery.all().sequences(2, 9).limit(3).newestFirst());
      CheckpointType type = CheckpointType.values()[3];
      List<Checkpoint> ofType = store.list("s", CheckpointQuery.all().types(type));

      // then
      assertEquals(List.of(9L, 8L, 7L), newest.stream().map(Checkpoint::sequence).toList());
      assertEquals(List.of(3L), ofType.stream().map(Checkpoint::sequence).toList());
    }
  }

  @Test
  void deletedCheckpointsAndSessionsStayDeletedAfterReopen() {
    // given
    try (CheckpointStore store = FileStores.open(dir)) {
      for (long seq = 1; seq <= 4; seq++) {
        store.append(record("s", seq, 100));
        store.append(record("t", seq, 100));
      }

      // when
      assertEquals(2, store.delete("s", List.of(id("s", 1), id("s", 3), CheckpointId.of("unknown"))));
      assertEquals(4, store.deleteSession("t"));
    }

    // then
    try (CheckpointStore store = FileStores.open(dir)) {
      assertEquals(List.of(2L, 4L), store.list("s", CheckpointQuery.all()).stream().map(Checkpoint::sequence).toList());
      assertEquals(Set.of("s"), store.sessions());
      assertEquals(200, store.stats().payloadBytes());
    }
  }

  @Test
  void aDeletedIdCanBeAppendedAgainAndSurvivesReopen() {
    // given
    CheckpointRecord again = record("s", 1, 50);
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(record("s", 1, 10));
      store.delete("s", List.of(id("s", 1)));

      // when
      store.append(again);
    }

    // then
    try (CheckpointStore store = FileStores.open(dir)) {
      assertEquals(Optional.of(again), store.read("s", id("s", 1)));
    }
  }

  @Test
  void closedStoreRejectsCallsAndCloseIsIdempotent() {
    // given
    CheckpointStore store = FileStores.open(dir);

    // when
    store.close();
    store.close();

    // then
    assertThrows(ClosedException.class, () -> store.append(record("s", 1, 1)));
    assertThrows(ClosedException.class, () -> store.read("s", id("s", 1)));
    assertThrows(ClosedException.class, () -> store.list("s", CheckpointQuery.all()));
    assertThrows(ClosedException.class, store::sessions);
    assertThrows(ClosedException.class, store::stats);
  }

  @Test
  void invalidSessionIdsAreRejected() {
    try (CheckpointStore store = FileStores.open(dir)) {
      // when / then
      assertThrows(IllegalArgumentException.class, () -> store.read(" ", id("s", 1)));
      assertThrows(IllegalArgumentException.class, () -> store.list("a\u0000b", CheckpointQuery.all()));
      assertThrows(IllegalArgumentException.class, () -> store.deleteSession(null));
    }
  }

  @Test
  void capabilitiesFollowTheFsyncPolicy() {
    // given / when
    Set<StoreCapability> always;
    Set<StoreCapability> none;
    try (CheckpointStore store = FileStores.open(dir)) {
      always = store.capabilities();
    }
    try (CheckpointStore store = FileStores.builder(dir).fsync(FsyncPolicy.NONE).open()) {
      none = store.capabilities();
    }

    // then
    assertEquals(Set.of(StoreCapability.DURABLE, StoreCapability.TOMBSTONES), always);
    assertEquals(Set.of(StoreCapability.TOMBSTONES), none);
  }

  @Test
  void intervalAndNonePoliciesKeepRecordsAcrossACleanReopen() {
    for (FsyncPolicy policy : List.of(FsyncPolicy.INTERVAL, FsyncPolicy.NONE)) {
      // given
      Path sub = dir.resolve(policy.optionValue());
      CheckpointRecord r = record("s", 1, 77);
      try (CheckpointStore store = FileStores.builder(sub).fsync(policy).open()) {
        // when
        store.append(r);
      }

      // then
      try (CheckpointStore store = FileStores.open(sub)) {
        assertEquals(Optional.of(r), store.read("s", r.checkpoint().id()), policy.toString());
      }
    }
  }

  @Test
  void readCopiesThePayloadSoCallersCannotChangeStoredBytes() {
    try (CheckpointStore store = FileStores.open(dir)) {
      // given
      CheckpointRecord r = record("s", 1, 8);
      store.append(r);

      // when
      byte[] copy = store.read("s", id("s", 1)).orElseThrow().payload();
      copy[0]++;

      // then
      assertArrayEquals(r.payload(), store.read("s", id("s", 1)).orElseThrow().payload());
      assertFalse(store.stats().extra().isEmpty());
    }
  }
}
