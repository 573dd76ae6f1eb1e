package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.id;
import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.StoreHook.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stop multi-step file operations at each step, as a crash would, and reopen the directory. */
class CrashInjectionTest {
  private static final int PAYLOAD = 100;
  /** Three records fill a segment, so the fourth append rolls. */
  private static final long SEGMENT_BYTES = Format.FILE_HEADER_SIZE + 3L * (Format.RECORD_HEADER_SIZE
      + Codec.checkpoint(record("s", 1, PAYLOAD).checkpoint()).length + PAYLOAD) - 8;

  @TempDir
  Path dir;

  /** Throw once at the armed step, and remember that it did. */
  static final class Crash implements StoreHook {
    volatile Step armed;
    volatile boolean fired;

    @Override
    public void at(Step step) throws IOException {
      if (step == armed) {
        armed = null;
        fired = true;
        throw new IOException("injected crash after " + step);
      }
    }
  }

  private FileCheckpointStore open(Crash crash) {
    return FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).hook(crash).openFileStore();
  }

  @ParameterizedTest
  @EnumSource(value = Step.class, names = {"SEGMENT_DELETED"})
  void crashDuringSpaceReclamationLosesNoLiveRecordAndResurrectsNoDeletedOne(Step step) {
    // given: segments 1 to 4 hold three records each; all of segment 1 and two of segment 2 are deleted
    Crash crash = new Crash();
    List<CheckpointRecord> all = new ArrayList<>();
    FileCheckpointStore store = open(crash);
    LongStream.rangeClosed(1, 12).forEach(seq -> all.add(append(store, seq)));
    assertEquals(4L, store.stats().extra().get("segments"));
    List<CheckpointId> doomed = List.of(id("s", 1), id("s", 2), id("s", 3), id("s", 4), id("s", 5));

    // when
    crash.armed = step;
    assertEquals(5, store.delete("s", doomed));
    store.close();

    // then
    assertTrue(crash.fired, "the operation reached " + step);
    assertSurvivors(all, doomed);
    try (FileCheckpointStore reopened = open(new Crash())) {
      reopened.reclaim();
      assertTrue(reopened.stats().extra().get("segments") <= 3, "segment 1 is deleted and segment 2's one live "
          + "record carried forward: " + reopened.stats().extra());
    }
    assertTrue(Files.notExists(dir.resolve(SegmentFiles.name(1))));
    assertTrue(Files.notExists(dir.resolve(SegmentFiles.name(2))));
    assertSurvivors(all, doomed);
  }

  @ParameterizedTest
  @EnumSource(value = Step.class, names = {"COMPACT_TEMP_WRITTEN", "COMPACT_TEMP_FORCED", "COMPACT_RENAMED"})
  void crashDuringAnInPlaceRewriteLosesNoLiveRecordAndResurrectsNoDeletedOne(Step step) {
    // given: segment 2 holds the tombstone of checkpoint 1 (still needed: 2 and 3 live on in segment 1)
    // and checkpoints 4 and 5, which are then deleted, so segment 2 is mostly dead but not dead
    Crash crash = new Crash();
    List<CheckpointRecord> all = new ArrayList<>();
    FileCheckpointStore store = open(crash);
    LongStream.rangeClosed(1, 4).forEach(seq -> all.add(append(store, seq)));
    store.delete("s", List.of(id("s", 1)));
    all.add(append(store, 5));
    LongStream.rangeClosed(6, 9).forEach(seq -> all.add(append(store, seq)));
    List<CheckpointId> doomed = List.of(id("s", 1), id("s", 4), id("s", 5));

    // when
    crash.armed = step;
    store.delete("s", List.of(id("s", 4), id("s", 5)));
    store.reclaim();
    store.close();

    // then
    assertTrue(crash.fired, "the operation reached " + step);
    assertSurvivors(all, doomed);
    try (FileCheckpointStore reopened = open(new Crash())) {
      reopened.reclaim();
    }
    assertSurvivors(all, doomed);
  }

  @ParameterizedTest
  @EnumSource(value = Step.class, names = {"SEAL_WRITTEN", "ROLL_TEMP_WRITTEN", "ROLL_TEMP_FORCED", "ROLL_RENAMED",
      "MANIFEST_RENAMED"})
  void crashDuringASegmentRollFailsOnlyThatAppend(Step step) {
    // given: the active segment is full, so the next append rolls
    Crash crash = new Crash();
    List<CheckpointRecord> acknowledged = new ArrayList<>();
    FileCheckpointStore store = open(crash);
    LongStream.rangeClosed(1, 3).forEach(seq -> acknowledged.add(append(store, seq)));

    // when
    crash.armed = step;
    assertThrows(StoreException.class, () -> store.append(record("s", 4, PAYLOAD)));
    store.close();

    // then
    assertTrue(crash.fired, "the operation reached " + step);
    try (CheckpointStore reopened = open(new Crash())) {
      acknowledged.forEach(r -> assertEquals(Optional.of(r), reopened.read("s", r.checkpoint().id()), step.name()));
      assertEquals(Optional.empty(), reopened.read("s", id("s", 4)));
      reopened.append(record("s", 4, PAYLOAD));
      assertEquals(4, reopened.stats().checkpoints());
    }
  }

  @org.junit.jupiter.api.Test
  void failedForceFailsTheAppendCutsItOffAndIsNeverAcknowledgedLater() throws IOException {
    // given
    Crash crash = new Crash();
    FileCheckpointStore store = open(crash);
    CheckpointRecord kept = append(store, 1);
    List<Long> bounds = SegmentScanner.recordBounds(dir.resolve(SegmentFiles.name(1)));
    long recordsEndBefore = bounds.get(bounds.size() - 1); // the preallocated zeros after it are cut off too

    // when
    crash.armed = Step.BATCH_WRITTEN;
    assertThrows(StoreException.class, () -> store.append(record("s", 2, PAYLOAD)));
    long sizeAfterFailure = Files.size(dir.resolve(SegmentFiles.name(1)));
    CheckpointRecord retried = append(store, 2);

    // then
    assertEquals(1L, store.stats().extra().get("failedBatches"));
    assertEquals(recordsEndBefore, sizeAfterFailure, "the failed batch is cut off before the next write");
    assertEquals(1L, store.stats().extra().get("segments"), "the segment goes on after the cut");
    store.close();
    try (CheckpointStore reopened = open(new Crash())) {
      assertEquals(Optional.of(kept), reopened.read("s", kept.checkpoint().id()));
      assertEquals(Optional.of(retried), reopened.read("s", retried.checkpoint().id()));
      assertEquals(0L, reopened.stats().extra().get("replayConflicts"));
    }
  }

  private static CheckpointRecord append(CheckpointStore store, long seq) {
    CheckpointRecord r = record("s", seq, PAYLOAD);
    store.append(r);
    return r;
  }

  private void assertSurvivors(List<CheckpointRecord> all, List<CheckpointId> doomed) {
    try (CheckpointStore reopened = open(new Crash())) {
      for (CheckpointRecord r : all) {
        Optional<CheckpointRecord> expected = doomed.contains(r.checkpoint().id()) ? Optional.empty() : Optional.of(r);
        assertEquals(expected, reopened.read("s", r.checkpoint().id()), r.checkpoint().id().value());
      }
      assertEquals(0, reopened.stats().corruptions());
    }
  }
}
