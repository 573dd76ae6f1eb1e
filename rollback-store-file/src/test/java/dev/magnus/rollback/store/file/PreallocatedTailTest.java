package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format 3's preallocated tail: the unsealed segment goes on in zeros after its records. A crash image
 * (the directory copied while the store is open, as kill -9 leaves it) has that tail; the rules that
 * tell it from a torn record and from damage are checked here, as is reading a version 2 store.
 */
class PreallocatedTailTest {
  private static final String SEGMENT = SegmentFiles.name(1);

  @TempDir
  Path base;

  private final CheckpointRecord first = record("s", 1, 300);
  private final CheckpointRecord middle = record("s", 2, 300);
  private final CheckpointRecord last = record("s", 3, 300);
  private Path crashImage;
  private Path closed;
  private List<Long> bounds;

  @BeforeEach
  void writeThreeRecords() throws IOException {
    closed = base.resolve("closed");
    crashImage = base.resolve("crash-image");
    try (CheckpointStore store = FileStores.open(closed)) {
      store.append(first);
      store.append(middle);
      store.append(last);
      RecoveryTest.copyTree(closed, crashImage);
    }
    bounds = SegmentScanner.recordBounds(crashImage.resolve(SEGMENT));
  }

  private long recordsEnd() {
    return bounds.get(3);
  }

  private Path copy(String name) throws IOException {
    Path target = base.resolve(name);
    RecoveryTest.copyTree(crashImage, target);
    return target;
  }

  @Test
  void anOpenSegmentEndsInZerosAndACleanCloseCutsThemOffBeforeTheSeal() throws IOException {
    // given
    byte[] image = Files.readAllBytes(crashImage.resolve(SEGMENT));
    List<Long> sealed = SegmentScanner.recordBounds(closed.resolve(SEGMENT));

    // then
    assertTrue(image.length >= bounds.get(1) + ActiveSegment.PREALLOCATE_BYTES, "preallocated: " + image.length);
    assertTrue(zero(image, (int) recordsEnd(), image.length), "the tail is zeros");
    assertEquals(recordsEnd(), sealed.get(3), "the same records");
    long sealLength = Files.size(closed.resolve(SEGMENT)) - sealed.get(3);
    assertTrue(sealLength > Format.RECORD_HEADER_SIZE && sealLength < 200, "nothing but the seal after the records: "
        + sealLength);
  }

  @Test
  void aPreallocatedZeroTailAfterACrashReopensWithEveryRecordAndIsNeitherTornNorDamage() throws IOException {
    long size = Files.size(crashImage.resolve(SEGMENT));
    for (long cut : new long[] {size, size - 1, recordsEnd() + 33, recordsEnd() + 32, recordsEnd() + 31,
        recordsEnd() + 1, recordsEnd()}) {
      // given: the tail as the crash left it, or cut anywhere (a file system that lost part of the extension)
      Path dir = copy("tail-" + cut);
      truncate(dir, cut);

      // when
      try (CheckpointStore store = FileStores.open(dir)) {
        // then
        assertEquals(List.of(Optional.of(first), Optional.of(middle), Optional.of(last)), readAll(store), "cut " + cut);
        assertEquals(0, store.stats().corruptions(), "cut " + cut);
        assertEquals(0L, store.stats().extra().get("tornTails"), "cut " + cut);
        CheckpointRecord next = record("s", 4, 300);
        store.append(next);
        assertEquals(Optional.of(next), store.read("s", next.checkpoint().id()), "appends go on after the records");
      }
      try (CheckpointStore reopened = FileStores.open(dir)) {
        assertEquals(4, reopened.stats().checkpoints(), "cut " + cut);
        assertEquals(0, reopened.stats().corruptions(), "cut " + cut);
      }
    }
  }

  @Test
  void aTornRecordFollowedByZerosIsATornTailAndOnlyItIsCut() throws IOException {
    for (long from = bounds.get(2) + 4; from < recordsEnd(); from += 37) {
      // given: the last record written up to 'from', the rest of it still the preallocated zeros
      Path dir = copy("torn-" + from);
      zeroRange(dir, from, recordsEnd());

      // when
      try (CheckpointStore store = FileStores.open(dir)) {
        // then
        assertEquals(List.of(Optional.of(first), Optional.of(middle), Optional.empty()), readAll(store), "from " + from);
        assertEquals(0, store.stats().corruptions(), "from " + from);
        assertEquals(1L, store.stats().extra().get("tornTails"), "from " + from);
      }
      assertEquals(bounds.get(2), recordsEndOf(dir), "cut where the torn record began");
    }
  }

  @Test
  void nonZeroBytesAfterZerosWithNoValidRecordAfterThemAreATornTailInTheNewestSegment() throws IOException {
    // given: a stray byte far into the preallocated tail (a write of a batch that was never forced)
    Path dir = copy("stray");
    poke(dir, recordsEnd() + 5000, (byte) 0x17);

    // when
    try (CheckpointStore store = FileStores.open(dir)) {
      // then
      assertEquals(List.of(Optional.of(first), Optional.of(middle), Optional.of(last)), readAll(store));
      assertEquals(0, store.stats().corruptions());
      assertEquals(1L, store.stats().extra().get("tornTails"));
    }
    assertEquals(recordsEnd(), recordsEndOf(dir), "the tail from the zero header on is cut");
  }

  @Test
  void aZeroedRecordFollowedByAValidOneIsDamageNotATail() throws IOException {
    for (long length : new long[] {Format.RECORD_HEADER_SIZE, bounds.get(2) - bounds.get(1)}) {
      // given: the middle record's header (or all of it) zeroed: zeros, then the valid last record
      Path dir = copy("zeroed-" + length);
      zeroRange(dir, bounds.get(1), bounds.get(1) + length);

      // when
      try (CheckpointStore store = FileStores.open(dir)) {
        // then: the lost record's type is unknown (it may have been a tombstone), so the checkpoint before it
        // in the segment is withheld, as FORMAT.md section 7 rule 6 says; the one after it is served
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.of(last)), readAll(store), "zeroed " + length);
        assertEquals(2, store.stats().corruptions(), "zeroed " + length + ": " + FileStores.damage(store));
        assertEquals(0L, store.stats().extra().get("tornTails"), "zeroed " + length);
        assertTrue(FileStores.damage(store).get(0).contains(SEGMENT), FileStores.damage(store).toString());
      }
    }
  }

  @Test
  void aVersion2SegmentOpensIsReadAndTakesAppendsAsVersion2WithoutATail() throws IOException {
    // given: the crash image rewritten as format 2 wrote it: version 2 header, no zeros after the records
    Path dir = copy("v2");
    truncate(dir, recordsEnd());
    setVersion(dir, Format.VERSION_2);
    try (CheckpointStore readOnly = FileStores.builder(dir).readOnly().open()) {
      assertEquals(List.of(Optional.of(first), Optional.of(middle), Optional.of(last)), readAll(readOnly));
    }

    // when
    CheckpointRecord next = record("s", 4, 300);
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(next);
      // then
      assertEquals(Format.VERSION_2, version(dir), "appends go on in the version 2 segment");
      List<Long> now = SegmentScanner.recordBounds(dir.resolve(SEGMENT));
      assertEquals(now.get(now.size() - 1), Files.size(dir.resolve(SEGMENT)), "no zeros after a version 2 segment");
    }
    try (CheckpointStore reopened = FileStores.open(dir)) {
      assertEquals(4, reopened.stats().checkpoints());
      assertEquals(0, reopened.stats().corruptions(), FileStores.damage(reopened).toString());
      assertEquals(Optional.of(next), reopened.read("s", next.checkpoint().id()));
    }
  }

  @Test
  void aSegmentOfANewerFormatRefusesTheOpenNamingTheVersionAndChangesNothing() throws IOException {
    // given
    Path dir = copy("newer");
    setVersion(dir, (short) (Format.VERSION + 1));
    Map<String, String> before = BlackBoxFiles.snapshot(dir);

    // when
    StoreException e = assertThrows(StoreException.class, () -> FileStores.open(dir).close());

    // then
    assertTrue(e.getMessage().contains("version " + (Format.VERSION + 1)) && e.getMessage().contains("newer release"),
        e.getMessage());
    assertEquals(before, BlackBoxFiles.snapshot(dir), "nothing quarantined, cut or rewritten");
  }

  private static List<Optional<CheckpointRecord>> readAll(CheckpointStore store) {
    return List.of(store.read("s", Fixtures.id("s", 1)), store.read("s", Fixtures.id("s", 2)),
        store.read("s", Fixtures.id("s", 3)));
  }

  /** Where the records end after the store was closed (its seal follows). */
  private static long recordsEndOf(Path dir) throws IOException {
    List<Long> b = SegmentScanner.recordBounds(dir.resolve(SEGMENT));
    return b.get(b.size() - 1);
  }

  private static boolean zero(byte[] b, int from, int to) {
    return Arrays.equals(new byte[to - from], Arrays.copyOfRange(b, from, to));
  }

  private static void truncate(Path dir, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.truncate(length);
    }
  }

  private static void zeroRange(Path dir, long from, long to) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate((int) (to - from)), from);
    }
  }

  private static void poke(Path dir, long at, byte value) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {value}), at);
    }
  }

  /** Rewrite the segment header's version with a valid header CRC (record CRCs do not cover it). */
  private static void setVersion(Path dir, short version) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer h = Segment.readFully(ch, 0, Format.FILE_HEADER_SIZE);
      h.putShort(4, version);
      h.putInt(28, Format.crc(h.array(), 0, 28));
      ch.write(h.rewind(), 0);
    }
  }

  private static short version(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve(SEGMENT), StandardOpenOption.READ)) {
      return Segment.readFully(ch, 0, Format.FILE_HEADER_SIZE).getShort(4);
    }
  }
}
