package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store-level benchmark mains rely on, checked without timing anything. */
class StoreThroughputTest {
  @TempDir
  Path dir;

  @Test
  void theRawLoopWritesRecordsAsLongAsAStoredRecordWithItsFramingAndDescriptor() {
    // when
    int bytes = FileStoreThroughput.recordBytes(dir.resolve("measure"));
    // then a 4,500-byte payload plus a frame header and a descriptor of a few hundred bytes
    assertTrue(bytes > 4500 && bytes < 4500 + 1024, bytes + " bytes per record");
  }

  @Test
  void benchmarkRecordsAreDerivedFromSessionAndSequenceAndChainToTheirParent() {
    // when
    CheckpointRecord first = StoreRecords.record("s", 1, 64);
    CheckpointRecord second = StoreRecords.record("s", 2, 64);
    // then
    assertArrayEquals(first.payload(), StoreRecords.record("s", 1, 64).payload());
    assertEquals(first.checkpoint().id(), second.checkpoint().parentId().orElseThrow());
    assertEquals(64, second.payloadLength());
  }

  @Test
  void benchmarkRecordsAreStampedWithTheTimeTheyAreMadeAsTheEngineStampsACheckpoint() {
    // given
    Instant before = Instant.now();
    // when
    Instant stamped = StoreRecords.record("s", 7, 64).checkpoint().createdAt();
    // then
    Instant after = Instant.now();
    assertFalse(stamped.isBefore(before), stamped + " is before " + before);
    assertFalse(stamped.isAfter(after), stamped + " is after " + after);
  }
}
