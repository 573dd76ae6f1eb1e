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
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Damage a segment on disk the way crashes and bad disks do, then reopen it. */
class RecoveryTest {
  private static final String SEGMENT = SegmentFiles.name(1);

  @TempDir
  Path base;

  private final CheckpointRecord first = record("s", 1, 40);
  private final CheckpointRecord middle = record("s", 2, 40);
  private final CheckpointRecord last = record("s", 3, 40);
  private Path pristine;
  private long middleOffset;
  private long lastOffset;
  private long end;

  @BeforeEach
  void writeThreeRecords() throws IOException {
    pristine = base.resolve("pristine");
    for (CheckpointRecord r : new CheckpointRecord[] {first, middle, last}) {
      try (CheckpointStore store = FileStores.open(pristine)) {
        middleOffset = r == middle ? size() : middleOffset;
        lastOffset = r == last ? size() : lastOffset;
        store.append(r);
      }
    }
    end = size();
  }

  private long size() throws IOException {
    Path p = pristine.resolve(SEGMENT);
    return Files.exists(p) ? Files.size(p) : Format.FILE_HEADER_SIZE;
  }

  private Path copy(String name) throws IOException {
    Path target = Files.createDirectories(base.resolve(name));
    Files.copy(pristine.resolve(SEGMENT), target.resolve(SEGMENT));
    return target;
  }

  @Test
  void truncationAtEveryByteOfTheLastRecordKeepsEveryEarlierRecord() throws IOException {
    for (long cut = lastOffset; cut < end; cut++) {
      // given
      Path dir = copy("cut-" + cut);
      try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }

      // when
      try (CheckpointStore store = FileStores.open(dir)) {
        // then
        assertEquals(Optional.of(first), store.read("s", first.checkpoint().id()), "cut at " + cut);
        assertEquals(Optional.of(middle), store.read("s", middle.checkpoint().id()), "cut at " + cut);
        assertEquals(Optional.empty(), store.read("s", last.checkpoint().id()), "cut at " + cut);
        assertEquals(0, store.stats().corruptions(), "cut at " + cut);
        assertEquals(cut == lastOffset ? 0 : 1, store.stats().extra().get("tornTails"), "cut at " + cut);
      }
      assertEquals(lastOffset, Files.size(dir.resolve(SEGMENT)), "torn tail cut off at " + cut);
    }
  }

  @Test
  void storeReopenedAfterATornTailAcceptsTheLostSequenceAgain() throws IOException {
    // given
    Path dir = copy("torn");
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.truncate(end - 1);
    }

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(last);
    }

    // then
    try (CheckpointStore store = FileStores.open(dir)) {
      assertEquals(Optional.of(last), store.read("s", last.checkpoint().id()));
      assertEquals(0, store.stats().extra().get("tornTails"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "magic, 0", "type, 4", "flags, 5", "reserved, 6", "metaLength, 8", "metaLength low byte, 11",
      "dataLength, 12", "dataLength low byte, 15", "sequence, 23", "payloadCrc, 24", "headerCrc, 31",
      "meta version, 32", "meta id length, 36", "meta id, 37", "meta middle, 150", "data first byte, -40",
      "data last byte, -1"})
  void bitFlipInAFieldOfAMiddleRecordIsReportedAndNeverServed(String field, int at) throws IOException {
    // given
    long position = at >= 0 ? middleOffset + at : lastOffset + at;
    Path dir = flip(field.replace(' ', '-'), position, at & 7);

    // when / then
    assertCorruptionQuarantined(dir, field);
  }

  @Test
  void bitFlipAnywhereInAMiddleRecordIsReportedAndNeverServed() throws IOException {
    for (long position = middleOffset; position < lastOffset; position++) {
      // given
      Path dir = flip("flip-" + position, position, (int) position & 7);

      // when / then
      assertCorruptionQuarantined(dir, "byte " + (position - middleOffset));
    }
  }

  private Path flip(String name, long position, int bit) throws IOException {
    Path dir = copy(name);
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ (1 << bit)));
      ch.write(b.rewind(), position);
    }
    return dir;
  }

  private void assertCorruptionQuarantined(Path dir, String field) throws IOException {
    try (CheckpointStore store = FileStores.open(dir)) {
      StoreStats stats = store.stats();
      assertEquals(1, stats.corruptions(), field);
      assertEquals(1, stats.extra().get("quarantinedFiles"), field);
      assertEquals(Optional.of(first), store.read("s", first.checkpoint().id()), field);
      assertEquals(Optional.empty(), store.read("s", middle.checkpoint().id()), field);
      assertEquals(Optional.of(last), store.read("s", last.checkpoint().id()), field);
    }
    assertTrue(Files.exists(dir.resolve(SEGMENT + SegmentFiles.CORRUPT)), field);
    try (CheckpointStore again = FileStores.open(dir)) {
      assertEquals(0, again.stats().corruptions(), field + ": recovery is idempotent");
      assertEquals(2, again.stats().checkpoints(), field);
    }
  }

  @Test
  void salvageInterruptedBetweenItsRenamesIsFinishedOnTheNextOpen() throws IOException {
    // given: a salvage that renamed the original to .corrupt, then crashed before its second rename
    Path dir = flip("interrupted", middleOffset + 40, 1);
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
    Path dir = flip("half-salvaged", middleOffset + 40, 1);
    Files.write(dir.resolve(SEGMENT + SegmentFiles.SALVAGE), new byte[] {1, 2, 3});

    // when / then
    assertCorruptionQuarantined(dir, "half-written salvage");
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(SegmentFiles.SALVAGE)));
    }
  }

  @Test
  void garbageLengthInAForgedHeaderNeverSizesAnAllocation() throws IOException {
    // given: a last record whose header claims 2 GiB of data with a matching header CRC
    Path dir = copy("forged");
    ByteBuffer header = Format.record(Format.CHECKPOINT, 9, new byte[0], new byte[0]);
    header.putInt(12, Integer.MAX_VALUE);
    byte[] raw = new byte[Format.RECORD_HEADER_SIZE];
    header.get(0, raw);
    header.putInt(28, Format.crc(raw, 0, 28));
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.write(header.limit(Format.RECORD_HEADER_SIZE).rewind(), end);
    }

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      // then
      assertEquals(3, store.stats().checkpoints());
      assertEquals(1, store.stats().extra().get("tornTails"));
    }
  }
}
