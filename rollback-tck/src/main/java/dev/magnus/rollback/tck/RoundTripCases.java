package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Check that what goes in comes out: every byte of the payload and every field of the descriptor. */
abstract class RoundTripCases extends StoreCases {
  /** The large payload the contract requires: 16 MiB. */
  static final int LARGE = 16 * 1024 * 1024;

  @Test
  void readReturnsTheExactPayloadBytes() {
    // given
    CheckpointRecord record = TckCheckpoints.record(SESSION, 1, 4096);
    // when
    store.append(record);
    // then
    assertStored(record);
  }

  @Test
  void readReturnsEveryDescriptorField() {
    // given
    Checkpoint c = new Checkpoint(CheckpointId.of("01J0ZZ-every_field"), SESSION, 7,
        Optional.of(CheckpointId.of("parent-6")), CheckpointType.RECOVERY_POINT, "restored ✓ \"quoted\"\nsecond line",
        Instant.parse("2031-02-03T04:05:06.123456789Z"), Map.of(Checkpoint.RESTORED_FROM, "parent-6", "é", "日本"),
        "ab".repeat(32), "cd".repeat(32), 1_000_000L, 3, Compression.DEFLATE);
    // when
    store.append(new CheckpointRecord(c, new byte[] {1, 2, 3}));
    Checkpoint read = store.read(SESSION, c.id()).orElseThrow().checkpoint();
    // then
    assertEquals(c.id(), read.id());
    assertEquals(c.sessionId(), read.sessionId());
    assertEquals(c.sequence(), read.sequence());
    assertEquals(c.parentId(), read.parentId());
    assertEquals(c.type(), read.type());
    assertEquals(c.description(), read.description());
    assertEquals(c.createdAt(), read.createdAt(), "createdAt must keep nanosecond precision");
    assertEquals(c.labels(), read.labels());
    assertEquals(c.stateHash(), read.stateHash());
    assertEquals(c.chainHash(), read.chainHash());
    assertEquals(c.rawSize(), read.rawSize());
    assertEquals(c.storedSize(), read.storedSize());
    assertEquals(c.compression(), read.compression());
    assertEquals(c, read);
  }

  @Test
  void descriptorWithoutParentOrLabelsRoundTrips() {
    // given
    Checkpoint c = new Checkpoint(CheckpointId.of("bare"), SESSION, 1, Optional.empty(), CheckpointType.SESSION_START,
        "", TckCheckpoints.EPOCH, Map.of(), "", "", 0, 2, Compression.NONE);
    // when
    store.append(new CheckpointRecord(c, new byte[] {0, -1}));
    // then
    assertEquals(c, store.read(SESSION, c.id()).orElseThrow().checkpoint());
  }

  @Test
  void everyCheckpointTypeRoundTrips() {
    // given
    CheckpointType[] types = CheckpointType.values();
    // when
    for (int i = 0; i < types.length; i++) {
      store.append(TckCheckpoints.record(SESSION, i + 1, types[i], 8));
    }
    // then
    assertEquals(List.of(types), listAll(SESSION).stream().map(Checkpoint::type).toList());
  }

  @Test
  void payloadWithEveryByteValueRoundTrips() {
    // given
    byte[] bytes = new byte[512];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    CheckpointRecord record = new CheckpointRecord(TckCheckpoints.checkpoint(SESSION, 1, CheckpointType.USER_REQUESTED,
        bytes.length), bytes);
    // when
    store.append(record);
    // then
    assertArrayEquals(bytes, store.read(SESSION, record.checkpoint().id()).orElseThrow().payload());
  }

  @Test
  void emptyPayloadRoundTrips() {
    // given
    CheckpointRecord record = TckCheckpoints.record(SESSION, 1, 0);
    // when
    store.append(record);
    // then
    assertStored(record);
  }

  @Test
  void sixteenMebibytePayloadRoundTrips() {
    // given
    CheckpointRecord record = TckCheckpoints.record(SESSION, 1, LARGE);
    // when
    store.append(record);
    // then
    assertStored(record);
  }

  @Test
  void eachOfManyRecordsKeepsItsOwnPayload() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 20, 300);
    // when
    store.append(TckCheckpoints.record(OTHER, 1, 300));
    // then
    records.forEach(this::assertStored);
  }
}
