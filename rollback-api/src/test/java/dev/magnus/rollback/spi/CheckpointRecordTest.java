package dev.magnus.rollback.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The constructor and payload() copy; wrapping keeps the array it is handed. */
class CheckpointRecordTest {
  private static Checkpoint sized(int storedSize) {
    return new Checkpoint(CheckpointId.of("cp-1"), "s1", 1, Optional.empty(), CheckpointType.USER_REQUESTED, "d",
        Instant.EPOCH, Map.of(), "h", "c", storedSize, storedSize, Compression.NONE);
  }

  @Test
  void theConstructorAndPayloadCopySoCallersCannotReachTheStoredBytes() {
    // given
    byte[] bytes = {1, 2, 3};
    CheckpointRecord record = new CheckpointRecord(sized(3), bytes);
    // when
    bytes[0] = 9;
    record.payload()[1] = 9;
    // then
    assertArrayEquals(new byte[] {1, 2, 3}, record.payload());
  }

  @Test
  void wrappingKeepsTheHandedOverArrayAndStillChecksTheSize() {
    // given
    byte[] bytes = {1, 2, 3};
    // when
    CheckpointRecord record = CheckpointRecord.wrapping(sized(3), bytes);
    bytes[0] = 7; // what a caller must not do: it shows the record holds this very array
    // then
    assertArrayEquals(new byte[] {7, 2, 3}, record.payload());
    assertEquals(new CheckpointRecord(sized(3), new byte[] {7, 2, 3}), record);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CheckpointRecord.wrapping(sized(4), new byte[3]));
    assertTrue(e.getMessage().contains("storedSize is 4"), e::getMessage);
  }
}
