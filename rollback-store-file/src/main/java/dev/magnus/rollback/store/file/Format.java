package dev.magnus.rollback.store.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Frame segment headers and records; FORMAT.md describes the same bytes for readers in other languages.
 *
 * <p>Design: a segment file starts with a 20-byte header (magic, format version, segment id, CRC32C)
 * and holds records back to back. Each record is a 32-byte header followed by {@code meta} (an encoded
 * descriptor or marker) and {@code data} (the checkpoint payload). The header carries two CRC32C
 * values: one over meta and data, one over the header's first 28 bytes. The header CRC is checked
 * before either length is believed, and lengths are also bounded by {@link #MAX_META} and
 * {@link #MAX_DATA}, so garbage read from disk never sizes an allocation. Everything is big-endian.
 * Stateless and thread-safe.
 */
final class Format {
  /** "RBSG": the first four bytes of every segment file. */
  static final int FILE_MAGIC = 0x52425347;
  /** The segment format version this code writes and reads. */
  static final short VERSION = 1;
  static final int FILE_HEADER_SIZE = 20;
  /** "RBRC": the first four bytes of every record. */
  static final int RECORD_MAGIC = 0x52425243;
  static final int RECORD_HEADER_SIZE = 32;
  /** The largest meta section accepted: descriptors with their labels and description. */
  static final int MAX_META = 1 << 20;
  /** The largest payload accepted. */
  static final int MAX_DATA = 256 << 20;

  static final byte CHECKPOINT = 1;
  static final byte TOMBSTONE = 2;
  static final byte SESSION_DELETE = 3;

  private Format() {}

  /** Describe a record header that passed its checks. */
  record Header(byte type, int metaLength, int dataLength, long sequence, int payloadCrc) {
    int recordLength() {
      return RECORD_HEADER_SIZE + metaLength + dataLength;
    }
  }

  /** Signal bytes that are not a valid header or record; carries the reason for the log. */
  static final class BadRecordException extends Exception {
    BadRecordException(String reason) {
      super(reason, null, false, false);
    }
  }

  static ByteBuffer fileHeader(long segmentId) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_SIZE);
    b.putInt(FILE_MAGIC).putShort(VERSION).putShort((short) 0).putLong(segmentId);
    b.putInt(crc(b.array(), 0, 16));
    return b.flip();
  }

  /** Check a file header and return the segment id it names. */
  static long checkFileHeader(ByteBuffer b) throws BadRecordException {
    if (b.remaining() < FILE_HEADER_SIZE) {
      throw new BadRecordException("file header is " + b.remaining() + " bytes, expected " + FILE_HEADER_SIZE);
    }
    byte[] h = new byte[FILE_HEADER_SIZE];
    b.get(h);
    ByteBuffer v = ByteBuffer.wrap(h);
    if (v.getInt(16) != crc(h, 0, 16)) {
      throw new BadRecordException("file header CRC mismatch");
    }
    if (v.getInt(0) != FILE_MAGIC) {
      throw new BadRecordException("not a segment file (magic " + Integer.toHexString(v.getInt(0)) + ")");
    }
    if (v.getShort(4) != VERSION) {
      throw new BadRecordException("segment format version " + v.getShort(4) + " is not supported (this code reads "
          + VERSION + ")");
    }
    return v.getLong(8);
  }

  /** Frame one record: header, meta, data. */
  static ByteBuffer record(byte type, long sequence, byte[] meta, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_SIZE + meta.length + data.length);
    CRC32C payload = new CRC32C();
    payload.update(meta);
    payload.update(data);
    b.putInt(RECORD_MAGIC).put(type).put((byte) 0).putShort((short) 0).putInt(meta.length).putInt(data.length)
        .putLong(sequence).putInt((int) payload.getValue());
    b.putInt(crc(b.array(), 0, 28));
    b.put(meta).put(data);
    return b.flip();
  }

  /**
   * Parse and check a record header: header CRC first, then magic, type and length bounds.
   *
   * @param h the 32 header bytes, at its position
   */
  static Header parseHeader(ByteBuffer h) throws BadRecordException {
    int p = h.position();
    byte[] raw = new byte[RECORD_HEADER_SIZE];
    h.get(p, raw);
    ByteBuffer v = ByteBuffer.wrap(raw);
    if (v.getInt(28) != crc(raw, 0, 28)) {
      throw new BadRecordException(v.getInt(0) == RECORD_MAGIC ? "record header CRC mismatch" : "no record magic");
    }
    if (v.getInt(0) != RECORD_MAGIC) {
      throw new BadRecordException("no record magic");
    }
    byte type = v.get(4);
    int meta = v.getInt(8);
    int data = v.getInt(12);
    if (type < CHECKPOINT || type > SESSION_DELETE) {
      throw new BadRecordException("unknown record type " + type);
    }
    if (meta < 0 || meta > MAX_META || data < 0 || data > MAX_DATA) {
      throw new BadRecordException("record lengths out of range: meta=" + meta + " data=" + data);
    }
    return new Header(type, meta, data, v.getLong(16), v.getInt(24));
  }

  /** Check the payload CRC of meta and data, which follow the header in {@code body} at its position. */
  static void checkPayload(Header h, ByteBuffer body) throws BadRecordException {
    CRC32C c = new CRC32C();
    ByteBuffer slice = body.slice(body.position(), h.metaLength() + h.dataLength());
    c.update(slice);
    if ((int) c.getValue() != h.payloadCrc()) {
      throw new BadRecordException("payload CRC mismatch");
    }
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C c = new CRC32C();
    c.update(bytes, offset, length);
    return (int) c.getValue();
  }
}
