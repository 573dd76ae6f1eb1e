package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damage a segment on disk the way crashes and bad disks do, then reopen it. Two images of the same
 * three records: a crash image (the directory copied while the store was open, as a kill -9 leaves
 * it: the segment unsealed) and the cleanly closed store (the segment sealed).
 */
class RecoveryTest {
  private static final String SEGMENT = SegmentFiles.name(1);

  @TempDir
  Path base;

  private final CheckpointRecord first = record("s", 1, 40);
  private final CheckpointRecord middle = record("s", 2, 40);
  private final CheckpointRecord last = record("s", 3, 40);
  private Path crashImage;
  private Path closed;
  private long middleOffset;
  private long lastOffset;
  private long end;

  @BeforeEach
  void writeThreeRecords() throws IOException {
    closed = base.resolve("closed");
    crashImage = base.resolve("crash-image");
    try (CheckpointStore store = FileStores.open(closed)) {
      store.append(first);
      store.append(middle);
      store.append(last);
      copyTree(closed, crashImage);
    }
    List<Long> bounds = SegmentScanner.recordBounds(crashImage.resolve(SEGMENT));
    middleOffset = bounds.get(1);
    lastOffset = bounds.get(2);
    end = bounds.get(3); // the crash image goes on with the zeros preallocated after the records (format 3)
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(p.getFileName().toString()));
      }
    }
  }

  private Path copy(Path image, String name) throws IOException {
    Path target = base.resolve(name);
    copyTree(image, target);
    return target;
  }

  @Test
  void truncationAtEveryByteOfTheLastRecordOfACrashImageIsATornTail() throws IOException {
    for (long cut = lastOffset; cut < end; cut++) {
      // given
      Path dir = copy(crashImage, "cut-" + cut);
      truncate(dir, cut);

      // when
      try (CheckpointStore store = FileStores.open(dir)) {
        // then
        assertEquals(Optional.of(first), store.read("s", first.checkpoint().id()), "cut at " + cut);
        assertEquals(Optional.of(middle), store.read("s", middle.checkpoint().id()), "cut at " + cut);
        assertEquals(Optional.empty(), store.read("s", last.checkpoint().id()), "cut at " + cut);
        assertEquals(0, store.stats().corruptions(), "cut at " + cut);
        assertEquals(cut == lastOffset ? 0 : 1, store.stats().extra().get("tornTails"), "cut at " + cut);
      }
    }
  }

  @Test
  void truncatingACleanlyClosedStoreIsCorruptionNotATornTail() throws IOException {
    long sealed = Files.size(closed.resolve(SEGMENT));
    for (long cut = lastOffset; cut < sealed; cut++) {
      // given
      Path dir = copy(closed, "closed-cut-" + cut);
      truncate(dir, cut);

      // when
      try (CheckpointStore store = FileStores.open(dir)) {
        // then
        StoreStats stats = store.stats();
        assertEquals(1, stats.corruptions(), "cut at " + cut);
        assertEquals(0, stats.extra().get("tornTails"), "cut at " + cut);
        assertEquals(Optional.of(first), store.read("s", first.checkpoint().id()), "cut at " + cut);
        assertEquals(Optional.of(middle), store.read("s", middle.checkpoint().id()), "cut at " + cut);
        assertEquals(cut < end ? Optional.empty() : Optional.of(last), store.read("s", last.checkpoint().id()),
            "cut at " + cut);
        assertTrue(FileStores.damage(store).get(0).contains(SEGMENT), FileStores.damage(store).toString());
      }
    }
  }

  @Test
  void storeReopenedAfterATornTailAcceptsTheLostSequenceAgain() throws IOException {
    // given
    Path dir = copy(crashImage, "torn");
    truncate(dir, end - 1);

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(last);
    }

    // then
    try (CheckpointStore store = FileStores.open(dir)) {
      assertEquals(Optional.of(last), store.read("s", last.checkpoint().id()));
      assertEquals(0, store.stats().extra().get("tornTails"));
      assertEquals(0, store.stats().corruptions());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "magic, 0", "type, 4", "flags, 5", "reserved, 6", "metaLength, 8", "metaLength low byte, 11",
      "dataLength, 12", "dataLength low byte, 15", "sequence, 23", "payloadCrc, 24", "headerCrc, 31",
      "meta version, 32", "meta id length, 36", "meta id, 37", "meta middle, 150", "data first byte, -40",
      "data last byte, -1"})
  void bitFlipInAFieldOfAMiddleRecordIsReportedAndNeverServed(String field, int at) throws IOException {
    long position = at >= 0 ? middleOffset + at : lastOffset + at;
    // a sealed segment: the seal says exactly what was lost, nothing else is withheld
    assertCorruptionQuarantined(flip(closed, "closed-" + field.replace(' ', '-'), position, at & 7), field, false);
    // an unsealed one after a crash: a damaged header hides the record's type, so an earlier checkpoint
    // that a lost deletion could have removed is withheld (and counted) rather than served
    boolean headerHit = at >= 0 && at < Format.RECORD_HEADER_SIZE;
    assertCorruptionQuarantined(flip(crashImage, "crash-" + field.replace(' ', '-'), position, at & 7), field,
        headerHit);
  }

  @Test
  void bitFlipAnywhereInAMiddleRecordIsReportedAndNeverServed() throws IOException {
    for (long position = middleOffset; position < lastOffset; position++) {
      Path dir = flip(closed, "flip-" + position, position, (int) position & 7);
      assertCorruptionQuarantined(dir, "byte " + (position - middleOffset), false);
    }
  }

  private Path flip(Path image, String name, long position, int bit) throws IOException {
    Path dir = copy(image, name);
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ (1 << bit)));
      ch.write(b.rewind(), position);
    }
    return dir;
  }

  private void assertCorruptionQuarantined(Path dir, String field, boolean firstWithheld) throws IOException {
    try (CheckpointStore store = FileStores.open(dir)) {
      StoreStats stats = store.stats();
      assertEquals(firstWithheld ? 2 : 1, stats.corruptions(), field + ": " + FileStores.damage(store));
      assertEquals(1, stats.extra().get("quarantinedFiles"), field);
      assertEquals(firstWithheld ? Optional.empty() : Optional.of(first), store.read("s", first.checkpoint().id()),
          field);
      assertEquals(Optional.empty(), store.read("s", middle.checkpoint().id()), field);
      assertEquals(Optional.of(last), store.read("s", last.checkpoint().id()), field);
    }
    assertTrue(Files.exists(dir.resolve(SEGMENT + SegmentFiles.CORRUPT)), field);
    try (CheckpointStore again = FileStores.open(dir)) {
      assertEquals(0, again.stats().corruptions(), field + ": recovery is idempotent " + FileStores.damage(again));
      assertEquals(firstWithheld ? 1 : 2, again.stats().checkpoints(), field);
    }
  }

  @Test
  void salvageInterruptedBetweenItsRenamesIsFinishedOnTheNextOpen() throws IOException {
    // given: a salvage that renamed the original to .corrupt, then crashed before its second rename
    Path dir = flip(closed, "interrupted", middleOffset + 40, 1);
    FileStores.open(dir).close();
    Files.move(dir.resolve(SEGMENT), dir.resolve(SEGMENT + SegmentFiles.SALVAGE));

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      // then
      assertEquals(Optional.of(first), store.read("s", first.checkpoint().id()));
      assertEquals(Optional.of(last), store.read("s", last.checkpoint().id()));
    }
    assertTrue(Files.notExists(dir.resolve(SEGMENT + SegmentFiles.SALVAGE)));
  }

  @Test
  void salvageInterruptedBeforeItsRenamesIsRedone() throws IOException {
    // given: a half-written salvage file next to the damaged original
    Path dir = flip(closed, "half-salvaged", middleOffset + 40, 1);
    Files.write(dir.resolve(SEGMENT + SegmentFiles.SALVAGE), new byte[] {1, 2, 3});

    // when / then
    assertCorruptionQuarantined(dir, "half-written salvage", false);
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(SegmentFiles.SALVAGE)));
    }
  }

  @Test
  void garbageLengthInAForgedHeaderNeverSizesAnAllocation() throws IOException, Format.BadRecordException {
    // given: after the last record, a header that claims 2 GiB of data with a header CRC valid at that place
    Path dir = copy(crashImage, "forged");
    Format.SegmentHeader seg;
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.READ)) {
      seg = Format.checkFileHeader(Segment.readFully(ch, 0, Format.FILE_HEADER_SIZE));
    }
    ByteBuffer header = Format.record(seg, end, Format.CHECKPOINT, (byte) 0, 9, new byte[0], new byte[0]);
    header.putInt(12, Integer.MAX_VALUE);
    header = Format.reframe(header, seg, end, (byte) 0);
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.write(header, end);
    }

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      // then
      assertEquals(3, store.stats().checkpoints());
      assertEquals(1, store.stats().extra().get("tornTails"));
    }
  }

  @Test
  void aFullUnsealedNewestSegmentAfterACrashIsSealedWhenItRollsNotMistakenForDamage() throws IOException {
    // given: a crash image whose newest segment is already full (one record per segment)
    Path live = base.resolve("full-live");
    Path image = base.resolve("full-crash");
    try (CheckpointStore store = FileStores.builder(live).segmentBytes(FileStores.MIN_SEGMENT_BYTES).open()) {
      store.append(first);
      store.append(middle);
      copyTree(live, image);
    }

    // when: the image is opened, written to and closed, then opened again
    try (CheckpointStore store = FileStores.builder(image).segmentBytes(FileStores.MIN_SEGMENT_BYTES).open()) {
      store.append(last);
    }

    // then
    try (CheckpointStore store = FileStores.open(image)) {
      assertEquals(0, store.stats().corruptions(), FileStores.damage(store).toString());
      assertEquals(3, store.stats().checkpoints());
    }
  }

  private static void truncate(Path dir, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.truncate(length);
    }
  }
}
