package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The frames of {@link DurableReferenceStore}'s segment files. Stateless.
 *
 * <p>A frame is a 37-byte header (magic, type, the segment number and byte offset it was written
 * at, how many deletion frames the log held before it, body length, CRC32 of the preceding 33
 * header bytes), the body, and the body's CRC32. Binding each frame to where it was written lets a
 * reader that looks for the next frame after damage reject frames copied elsewhere, such as one
 * hidden inside a payload; the deletion count lets it tell whether damage swallowed a deletion.
 * Bodies: a checkpoint (descriptor and payload), a tombstone (session and id), or the seal written
 * at the end of a segment when the log rolls to the next one (the next segment's number).
 */
final class ReferenceFrames {
  static final int MAGIC = 0x52424b32;
  static final int HEADER = 37;
  static final int TRAILER = 4;
  static final byte CHECKPOINT = 1;
  static final byte TOMBSTONE = 2;
  static final byte SEAL = 3;
  /** The length of a seal frame. */
  static final int SEAL_LENGTH = HEADER + Long.BYTES + TRAILER;

  private ReferenceFrames() {}

  /** Tell how the bytes at an offset read. */
  enum Status { VALID, INCOMPLETE, BAD }

  /** A frame header whose own checks passed; {@code at} is where it was read. */
  record Header(byte type, long segment, long offset, long deletionsBefore, int bodyLength, int at) {
    int length() {
      return HEADER + bodyLength + TRAILER;
    }
  }

  /** The outcome of reading a header: the header when VALID. */
  record Parsed(Status status, Optional<Header> header) {
    static final Parsed INCOMPLETE = new Parsed(Status.INCOMPLETE, Optional.empty());
    static final Parsed BAD = new Parsed(Status.BAD, Optional.empty());
  }

  /** A tombstone body. */
  record Tombstone(String sessionId, CheckpointId id) {}

  static byte[] frame(byte type, long segment, long offset, long deletionsBefore, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + body.length + TRAILER);
    b.putInt(MAGIC).put(type).putLong(segment).putLong(offset).putLong(deletionsBefore).putInt(body.length);
    b.putInt(crc(b.array(), 0, HEADER - 4)).put(body).putInt(crc(body, 0, body.length));
    return b.array();
  }

  /**
   * Read the header at {@code at}: INCOMPLETE when the file ends inside the header or inside the
   * frame it announces, BAD when the header fails its CRC or names no frame.
   */
  static Parsed parse(byte[] file, int at) {
    if (file.length - at < HEADER) {
      return Parsed.INCOMPLETE;
    }
    ByteBuffer b = ByteBuffer.wrap(file, at, HEADER).slice();
    if (b.getInt(HEADER - 4) != crc(file, at, HEADER - 4) || b.getInt(0) != MAGIC) {
      return Parsed.BAD;
    }
    byte type = b.get(4);
    int bodyLength = b.getInt(29);
    if (type < CHECKPOINT || type > SEAL || bodyLength < 0) {
      return Parsed.BAD;
    }
    Header h = new Header(type, b.getLong(5), b.getLong(13), b.getLong(21), bodyLength, at);
    return (long) at + h.length() > file.length ? Parsed.INCOMPLETE : new Parsed(Status.VALID, Optional.of(h));
  }

  static boolean bodyIntact(byte[] file, Header h) {
    int start = h.at() + HEADER;
    return ByteBuffer.wrap(file).getInt(start + h.bodyLength()) == crc(file, start, h.bodyLength());
  }

  static byte[] body(byte[] file, Header h) {
    return Arrays.copyOfRange(file, h.at() + HEADER, h.at() + HEADER + h.bodyLength());
  }

  static byte[] sealBody(long next) {
    return ByteBuffer.allocate(Long.BYTES).putLong(next).array();
  }

  static byte[] tombstoneBody(String sessionId, CheckpointId id) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(body)) {
      writeText(out, sessionId);
      writeText(out, id.value());
    } catch (IOException e) {
      throw new StoreException("cannot encode the tombstone of " + id, e);
    }
    return body.toByteArray();
  }

  static Tombstone tombstone(byte[] body) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
    return new Tombstone(readText(in), CheckpointId.of(readText(in)));
  }

  static byte[] checkpointBody(CheckpointRecord record) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(body)) {
      Checkpoint c = record.checkpoint();
      writeText(out, c.id().value());
      writeText(out, c.sessionId());
      out.writeLong(c.sequence());
      writeText(out, c.parentId().map(CheckpointId::value).orElse(""));
      writeText(out, c.type().name());
      writeText(out, c.description());
      out.writeLong(c.createdAt().getEpochSecond());
      out.writeInt(c.createdAt().getNano());
      out.writeInt(c.labels().size());
      for (var e : c.labels().entrySet()) {
        writeText(out, e.getKey());
        writeText(out, e.getValue());
      }
      writeText(out, c.stateHash());
      writeText(out, c.chainHash());
      out.writeLong(c.rawSize());
      out.writeLong(c.storedSize());
      writeText(out, c.compression().name());
      out.writeInt(record.payloadLength());
      out.write(record.payload());
    } catch (IOException e) {
      throw new StoreException("cannot encode " + record, e);
    }
    return body.toByteArray();
  }

  static CheckpointRecord checkpoint(byte[] body) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
    CheckpointId id = CheckpointId.of(readText(in));
    String session = readText(in);
    long sequence = in.readLong();
    String parent = readText(in);
    CheckpointType type = CheckpointType.valueOf(readText(in));
    String description = readText(in);
    Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
    Map<String, String> labels = new HashMap<>();
    for (int n = in.readInt(); n > 0; n--) {
      labels.put(readText(in), readText(in));
    }
    Checkpoint c = new Checkpoint(id, session, sequence,
        parent.isEmpty() ? Optional.empty() : Optional.of(CheckpointId.of(parent)), type, description, createdAt,
        labels, readText(in), readText(in), in.readLong(), in.readLong(), Compression.valueOf(readText(in)));
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("payload length " + length + " does not fit the body");
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new CheckpointRecord(c, payload);
  }

  /** Write text as its UTF-8 length then bytes (writeUTF would refuse anything over 64 KiB). */
  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("text length " + length + " does not fit the body");
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
