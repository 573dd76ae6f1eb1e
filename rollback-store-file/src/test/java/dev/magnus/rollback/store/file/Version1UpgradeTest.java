package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.Fixtures.id;
import static dev.magnus.rollback.store.file.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by format version 1 (20-byte segment headers, unbound frame CRCs, no seals, no
 * manifest) opens: read-only as it is, and on a writable open upgraded to version 2 with nothing
 * lost and no deletion forgotten. The version 1 bytes are built here from FORMAT.md's description.
 */
class Version1UpgradeTest {
  @TempDir
  Path dir;

  private final CheckpointRecord one = record("s", 1, 30);
  private final CheckpointRecord two = record("s", 2, 30);
  private final CheckpointRecord three = record("s", 3, 30);
  private final CheckpointRecord four = record("s", 4, 30);

  @Test
  void aVersion1StoreIsUpgradedOnAWritableOpenWithItsDeletionsAndItsTornTail() throws IOException {
    // given: segment 1 holds checkpoints 1-3; segment 2 a version 1 tombstone of 2, checkpoint 4 and a torn tail
    writeVersion1Store();

    // when / then: a read-only open reads it as it is
    try (CheckpointStore store = FileStores.builder(dir).readOnly().open()) {
      assertContent(store);
      assertEquals(0L, store.stats().extra().get("upgradedSegments"));
    }
    assertEquals(Format.VERSION_1, versionOf(1));
    // when / then: a writable open upgrades both segments
    try (CheckpointStore store = FileStores.open(dir)) {
      assertContent(store);
      assertEquals(2L, store.stats().extra().get("upgradedSegments"));
      assertEquals(1L, store.stats().extra().get("tornTails"));
      assertEquals(0L, store.stats().corruptions());
    }
    assertEquals(Format.VERSION, versionOf(1));
    assertTrue(Files.exists(dir.resolve(Manifest.NAME)));
    try (CheckpointStore store = FileStores.open(dir)) {
      assertContent(store);
      assertEquals(0L, store.stats().corruptions(), FileStores.damage(store).toString());
    }
  }

  private void assertContent(CheckpointStore store) {
    assertEquals(List.of(one.checkpoint(), three.checkpoint(), four.checkpoint()),
        store.list("s", CheckpointQuery.all()));
    assertEquals(Optional.of(one), store.read("s", one.checkpoint().id()));
    assertEquals(Optional.empty(), store.read("s", two.checkpoint().id()));
    assertEquals(Optional.of(four), store.read("s", four.checkpoint().id()));
  }

  private short versionOf(long segment) throws IOException {
    return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(SegmentFiles.name(segment)))).getShort(4);
  }

  private void writeVersion1Store() throws IOException {
    Files.createDirectories(dir);
    ByteArrayOutputStream first = header(1);
    for (CheckpointRecord r : List.of(one, two, three)) {
      first.write(checkpoint(1, first.size(), r));
    }
    Files.write(dir.resolve(SegmentFiles.name(1)), first.toByteArray());
    ByteArrayOutputStream second = header(2);
    second.write(frame(2, second.size(), Format.TOMBSTONE, 0, tombstoneV1("s", id("s", 2).value(), 1), new byte[0]));
    second.write(checkpoint(2, second.size(), four));
    second.write(new byte[] {0x52, 0x42, 0x52, 0x43, 1, 0, 0}); // a record cut after 7 bytes
    Files.write(dir.resolve(SegmentFiles.name(2)), second.toByteArray());
  }

  private static ByteArrayOutputStream header(long id) {
    ByteBuffer h = ByteBuffer.allocate(Format.FILE_HEADER_SIZE_V1);
    h.putInt(Format.FILE_MAGIC).putShort(Format.VERSION_1).putShort((short) 0).putLong(id);
    h.putInt(Format.crc(h.array(), 0, 16));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.array());
    return out;
  }

  private static byte[] checkpoint(long segment, long offset, CheckpointRecord r) {
    return frame(segment, offset, Format.CHECKPOINT, r.checkpoint().sequence(), Codec.checkpoint(r.checkpoint()),
        r.payload());
  }

  private static byte[] frame(long segment, long offset, byte type, long sequence, byte[] meta, byte[] data) {
    // a version 1 "segment header" binds nothing: the header CRC is over the header bytes alone
    ByteBuffer b = Format.record(new Format.SegmentHeader(segment, 0, 0, Format.VERSION_1), offset, type, (byte) 0,
        sequence, meta, data);
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }

  private static byte[] tombstoneV1(String session, String checkpointId, long target) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      Codec.str(out, session);
      out.writeInt(1);
      Codec.str(out, checkpointId);
      out.writeLong(target);
    }
    return bytes.toByteArray();
  }
}
