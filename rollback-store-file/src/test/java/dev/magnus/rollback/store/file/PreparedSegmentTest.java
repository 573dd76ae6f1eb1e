package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next segment's file, zero-filled ahead of its roll by {@link SegmentPreparer}: a roll takes it
 * only once it is complete, the segment made from it holds its records and reopens clean (closed, or
 * as a crash leaves it), and no prepared file outlives the store or a crash.
 */
class PreparedSegmentTest {
  private static final long SEGMENT_BYTES = 64 << 10;

  @TempDir
  Path dir;

  @Test
  void aPreparedFileIsAllZerosOfTheAskedSizeAndIsHandedOverOnce() throws Exception {
    // given
    SegmentFiles files = new SegmentFiles(dir, StoreHook.NONE, false);
    SegmentPreparer preparer = new SegmentPreparer(files, 10_000);

    // when
    preparer.request();
    preparer.request(); // a second request while one is pending starts nothing more
    Path prepared = awaitTaken(preparer);

    // then
    assertArrayEquals(new byte[10_000], Files.readAllBytes(prepared));
    assertNull(preparer.take(), "handed over once");
    preparer.close();
    assertFalse(Files.exists(prepared), "close deletes a prepared file");
    preparer.request();
    assertNull(preparer.take(), "a closed preparer prepares nothing");
  }

  @Test
  void aRollTakesThePreparedFileAndItsSegmentHoldsItsRecordsThroughACleanClose() throws Exception {
    List<CheckpointRecord> written = new ArrayList<>();
    try (CheckpointStore store = smallSegments()) {
      // given the first segment filled past half, so the next one's file is prepared; when appends go on
      // until the store rolls into it
      rollIntoThePreparedFile(store, written);
      appendSome(store, written, 3);

      // then: the new segment is as long as the prepared file: its records, then zeros
      assertEquals(SEGMENT_BYTES, Files.size(dir.resolve(SegmentFiles.name(2))),
          "made from the prepared file: as long as a segment");
      assertFalse(Files.exists(dir.resolve(SegmentPreparer.NAME)), "renamed into place");
      assertAllReadable(store, written);
    }
    assertFalse(Files.exists(dir.resolve(SegmentPreparer.NAME)), "no prepared file after close");
    List<Long> bounds = SegmentScanner.recordBounds(dir.resolve(SegmentFiles.name(2)));
    long sealLength = Files.size(dir.resolve(SegmentFiles.name(2))) - bounds.get(bounds.size() - 1);
    assertTrue(sealLength > Format.RECORD_HEADER_SIZE && sealLength < 200, "the close cut the zeros before the seal: "
        + sealLength);
    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertAllReadable(reopened, written);
      assertEquals(0, reopened.stats().corruptions());
    }
  }

  @Test
  void aCrashImageWithAPreparedSegmentReopensWithEveryAcknowledgedRecordAndNoLeftover() throws Exception {
    // given: the directory copied while the store is open, after a roll into a prepared file and while
    // the next one is being prepared (what kill -9 leaves)
    Path image = dir.resolveSibling(dir.getFileName() + "-image");
    List<CheckpointRecord> written = new ArrayList<>();
    try (CheckpointStore store = smallSegments()) {
      rollIntoThePreparedFile(store, written);
      appendSome(store, written, 5);
      Files.write(dir.resolve(SegmentPreparer.NAME), new byte[] {1, 2, 3}); // a half-prepared file
      RecoveryTest.copyTree(dir, image);
    }

    // when
    try (CheckpointStore reopened = FileStores.open(image)) {
      // then
      assertAllReadable(reopened, written);
      assertEquals(0, reopened.stats().corruptions());
      assertEquals(0L, reopened.stats().extra().get("tornTails"), "the zeros after the records are no torn tail");
      assertFalse(Files.exists(image.resolve(SegmentPreparer.NAME)), "a leftover prepared file is deleted at open");
      CheckpointRecord next = record("s", written.size() + 1, 2000);
      reopened.append(next);
      assertEquals(Optional.of(next), reopened.read("s", next.checkpoint().id()));
    }
  }

  @Test
  void aPreparationThatFailsLeavesTheRollToCreateTheSegmentAsBefore() throws Exception {
    List<CheckpointRecord> written = new ArrayList<>();
    try (CheckpointStore store = smallSegments()) {
      // given: the prepared file's name taken by a non-empty directory, so every preparation fails
      Path blocker = Files.createDirectories(dir.resolve(SegmentPreparer.NAME));
      Files.write(blocker.resolve("keep"), new byte[] {1});
      fillPastHalf(store, written);
      Thread.sleep(200); // let the preparation run and fail

      // when
      appendUntil(store, written, () -> Files.exists(dir.resolve(SegmentFiles.name(2))));
      appendSome(store, written, 3);

      // then: the segment was created empty and grows by preallocation chunks, as without a preparer
      assertTrue(Files.size(dir.resolve(SegmentFiles.name(2))) != SEGMENT_BYTES, "not made from a prepared file");
      assertAllReadable(store, written);
      assertTrue(Files.isDirectory(blocker), "the preparer deletes only its own file");
    }
  }

  @Test
  void aReadOnlyOpenLeavesALeftoverPreparedFileAlone() throws Exception {
    // given: a closed store with a leftover prepared file (a crash of a writer)
    try (CheckpointStore store = smallSegments()) {
      appendSome(store, new ArrayList<>(), 2);
    }
    Path leftover = dir.resolve(SegmentPreparer.NAME);
    Files.write(leftover, new byte[] {0, 0, 7});

    // when
    try (CheckpointStore readOnly = FileStores.builder(dir).readOnly().open()) {
      assertEquals(2, readOnly.stats().checkpoints());
    }

    // then: a read-only open changes nothing; the next writable open deletes it
    assertArrayEquals(new byte[] {0, 0, 7}, Files.readAllBytes(leftover));
    try (CheckpointStore writable = smallSegments()) {
      assertFalse(Files.exists(leftover));
      assertEquals(2, writable.stats().checkpoints());
    }
  }

  private CheckpointStore smallSegments() throws IOException {
    return FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).open();
  }

  /** Fill the first segment past half, wait for the prepared file, then append until the store rolls. */
  private void rollIntoThePreparedFile(CheckpointStore store, List<CheckpointRecord> written) throws Exception {
    fillPastHalf(store, written);
    awaitPrepared();
    appendUntil(store, written, () -> Files.exists(dir.resolve(SegmentFiles.name(2))));
  }

  private static void fillPastHalf(CheckpointStore store, List<CheckpointRecord> written) {
    appendSome(store, written, (int) (SEGMENT_BYTES / 2 / 2000) + 2);
  }

  private static void appendSome(CheckpointStore store, List<CheckpointRecord> written, int n) {
    for (int i = 0; i < n; i++) {
      CheckpointRecord r = record("s", written.size() + 1, 2000);
      store.append(r);
      written.add(r);
    }
  }

  private static void appendUntil(CheckpointStore store, List<CheckpointRecord> written, Check done) throws Exception {
    for (int i = 0; i < 1000 && !done.holds(); i++) {
      appendSome(store, written, 1);
    }
    assertTrue(done.holds(), "the store rolled");
  }

  private void awaitPrepared() throws InterruptedException {
    Path file = dir.resolve(SegmentPreparer.NAME);
    for (int i = 0; i < 1000; i++) {
      try {
        if (Files.exists(file) && Files.size(file) == SEGMENT_BYTES) {
          Thread.sleep(50); // its force may still be running; the roll takes it only once that is done
          return;
        }
      } catch (IOException e) {
        // renamed or deleted meanwhile: look again
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no prepared file of " + SEGMENT_BYTES + " bytes appeared");
  }

  private static Path awaitTaken(SegmentPreparer preparer) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      Path p = preparer.take();
      if (p != null) {
        return p;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("nothing was prepared");
  }

  private static void assertAllReadable(CheckpointStore store, List<CheckpointRecord> written) {
    for (CheckpointRecord r : written) {
      assertNotNull(r);
      assertEquals(Optional.of(r), store.read("s", r.checkpoint().id()), "record " + r.checkpoint().sequence());
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws IOException;
  }
}
