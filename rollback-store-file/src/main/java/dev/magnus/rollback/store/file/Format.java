package dev.magnus.rollback.store.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Frame segment headers and records; FORMAT.md describes the same bytes for readers in other languages.
 *
 * <p>Design: a segment file starts with a 32-byte header (magic, format version, segment id, a random
 * salt, a generation that grows with each compaction, CRC32C) and holds records back to back. Each
 * record is a 32-byte header followed by {@code meta} (an encoded descriptor or marker) and
 * {@code data} (the checkpoint payload). The header carries two CRC32C values: one over meta and data,
 * and one over the header's first 28 bytes <em>bound to where the record lies</em>: the CRC starts
 * from the segment's salt, its id and the record's offset. A frame copied to another offset or another
 * segment, or embedded in a payload, therefore fails its header check, so resynchronising after damage
 * never accepts a frame that was not written where it is found (version 1 had no binding). The header
 * CRC is checked before either length is believed, and lengths are also bounded by {@link #MAX_META}
 * and {@link #MAX_DATA}, so garbage read from disk never sizes an allocation. Everything is big-endian.
 *
 * <p>Version 3 (this code writes it) has the same bytes as version 2 and one more rule: the unsealed
 * segment taking appends is extended with zeros ahead of its records, so that appends overwrite space
 * that is already allocated and a data-only force ({@code fdatasync}) commits no metadata. A record
 * starts with its non-zero magic, so a scan that meets a zero header at a record boundary of a
 * version 3 segment has reached the preallocated tail: it accepts that only if every byte from there
 * to the end of the file is zero ({@link SegmentScanner}). Version 2 segments are read and still
 * take appends (without preallocation). A newer version refuses to open ({@link NewerFormatException}).
 * Stateless and thread-safe.
 */
final class Format {
  /** "RBSG": the first four bytes of every segment file. */
  static final int FILE_MAGIC = 0x52425347;
  /** The segment format version this code writes: version 2 plus a zero-filled preallocated tail. */
  static final short VERSION = 3;
  /** The older segment format version without a preallocated tail; read, and appended to as it is. */
  static final short VERSION_2 = 2;
  /** The older segment format version this code still reads (and upgrades on a writable open). */
  static final short VERSION_1 = 1;
  static final int FILE_HEADER_SIZE = 32;
  static final int FILE_HEADER_SIZE_V1 = 20;
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
  /** The last record of a sealed segment: record count, length and checksum of what precedes it. */
  static final byte SEAL = 4;

  /** Flag of a checkpoint record that compaction copied forward from an older segment. */
  static final byte MOVED = 1;

  private Format() {}

  /**
   * Identify a segment file: what a record's header CRC is bound to.
   *
   * @param id the segment id
   * @param salt random bits chosen when the segment file was created
   * @param generation 0 when created, plus one per compaction
   * @param version the format version of the file
   */
  record SegmentHeader(long id, long salt, int generation, short version) {
    int size() {
      return version == VERSION_1 ? FILE_HEADER_SIZE_V1 : FILE_HEADER_SIZE;
    }

    /** Tell whether the segment may end in zeros preallocated ahead of its records (version 3). */
    boolean preallocates() {
      return version >= VERSION;
    }

    /** Start the header CRC of the record at {@code offset}; version 1 records are not bound. */
    CRC32C binding(long offset) {
      CRC32C c = new CRC32C();
      if (version != VERSION_1) {
        ByteBuffer b = ByteBuffer.allocate(24).putLong(salt).putLong(id).putLong(offset);
        c.update(b.array(), 0, 24);
      }
      return c;
    }
  }

  /** Describe a record header that passed its checks. */
  record Header(byte type, byte flags, int metaLength, int dataLength, long sequence, int payloadCrc) {
    int recordLength() {
      return RECORD_HEADER_SIZE + metaLength + dataLength;
    }
  }

  /** Signal bytes that are not a valid header or record; carries the reason for the log. */
  static class BadRecordException extends Exception {
    BadRecordException(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Signal a segment written by a newer release in a format this code does not know: not damage. */
  static final class NewerFormatException extends BadRecordException {
    NewerFormatException(String reason) {
      super(reason);
    }
  }

  static ByteBuffer fileHeader(SegmentHeader h) {
    ByteBuffer b = ByteBuffer.allocate(FILE_HEADER_SIZE);
    b.putInt(FILE_MAGIC).putShort(h.version()).putShort((short) 0).putLong(h.id()).putLong(h.salt())
        .putInt(h.generation());
    b.putInt(crc(b.array(), 0, 28));
    return b.flip();
  }

  /** Check a file header (version 3 or 2, or version 1 which has no salt) and return what it says. */
  static SegmentHeader checkFileHeader(ByteBuffer b) throws BadRecordException {
    if (b.remaining() < FILE_HEADER_SIZE_V1) {
      throw new BadRecordException("file header is " + b.remaining() + " bytes, expected " + FILE_HEADER_SIZE);
    }
    byte[] h = new byte[Math.min(b.remaining(), FILE_HEADER_SIZE)];
    b.get(h);
    ByteBuffer v = ByteBuffer.wrap(h);
    if (v.getInt(0) != FILE_MAGIC) {
      throw new BadRecordException("not a segment file (magic " + Integer.toHexString(v.getInt(0)) + ")");
    }
    short version = v.getShort(4);
    if (version == VERSION_1) {
      if (v.getInt(16) != crc(h, 0, 16)) {
        throw new BadRecordException("file header CRC mismatch");
      }
      return new SegmentHeader(v.getLong(8), 0, 0, VERSION_1);
    }
    if (version > VERSION && h.length == FILE_HEADER_SIZE && v.getInt(28) == crc(h, 0, 28)) {
      throw new NewerFormatException("segment format version " + version + " was written by a newer release; this "
          + "code reads versions " + VERSION_1 + " to " + VERSION + ": open the store with that release or a later one");
    }
    if (version != VERSION && version != VERSION_2) {
      throw new BadRecordException("segment format version " + version + " is not supported (this code reads "
          + VERSION_1 + " to " + VERSION + ")");
    }
    if (h.length < FILE_HEADER_SIZE || v.getInt(28) != crc(h, 0, 28)) {
      throw new BadRecordException("file header CRC mismatch");
    }
    return new SegmentHeader(v.getLong(8), v.getLong(16), v.getInt(24), version);
  }

  /** Frame one record at {@code offset} of segment {@code seg}: header, meta, data. */
  static ByteBuffer record(SegmentHeader seg, long offset, byte type, byte flags, long sequence, byte[] meta,
      byte[] data) {
    return bind(unbound(type, flags, sequence, meta, data), seg, offset);
  }

  /**
   * Frame a record whose place is not known yet: everything but the header CRC, which {@link #bind}
   * sets. The costly part of framing (copying the payload, its CRC) can so run on the caller's thread,
   * outside the writer's critical path.
   */
  static ByteBuffer unbound(byte type, byte flags, long sequence, byte[] meta, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_SIZE + meta.length + data.length);
    CRC32C payload = new CRC32C();
    payload.update(meta);
    payload.update(data);
    b.putInt(RECORD_MAGIC).put(type).put(flags).putShort((short) 0).putInt(meta.length).putInt(data.length)
        .putLong(sequence).putInt((int) payload.getValue()).putInt(0);
    b.put(meta).put(data);
    return b.flip();
  }

  /** Set the header CRC of a record framed by {@link #unbound} for {@code offset} of {@code seg}; return it. */
  static ByteBuffer bind(ByteBuffer unbound, SegmentHeader seg, long offset) {
    unbound.putInt(28, headerCrc(seg, offset, unbound.array()));
    return unbound;
  }

  /**
   * Re-frame a checked record for another place: the same bytes with the header CRC bound to
   * {@code offset} of {@code seg}, and extra {@code flags} set.
   */
  static ByteBuffer reframe(ByteBuffer raw, SegmentHeader seg, long offset, byte flags) {
    byte[] copy = new byte[raw.remaining()];
    raw.duplicate().get(copy);
    copy[5] |= flags;
    ByteBuffer b = ByteBuffer.wrap(copy);
    b.putInt(28, headerCrc(seg, offset, copy));
    return b;
  }

  private static int headerCrc(SegmentHeader seg, long offset, byte[] header) {
    CRC32C c = seg.binding(offset);
    c.update(header, 0, 28);
    return (int) c.getValue();
  }

  /**
   * Parse and check a record header: the bound header CRC first, then magic, type and length bounds.
   *
   * @param h the 32 header bytes, at its position
   */
  static Header parseHeader(SegmentHeader seg, long offset, ByteBuffer h) throws BadRecordException {
    int p = h.position();
    byte[] raw = new byte[RECORD_HEADER_SIZE];
    h.get(p, raw);
    ByteBuffer v = ByteBuffer.wrap(raw);
    if (v.getInt(28) != headerCrc(seg, offset, raw)) {
      throw new BadRecordException(v.getInt(0) == RECORD_MAGIC ? "record header CRC mismatch" : "no record magic");
    }
    if (v.getInt(0) != RECORD_MAGIC) {
      throw new BadRecordException("no record magic");
    }
    byte type = v.get(4);
    int meta = v.getInt(8);
    int data = v.getInt(12);
    if (type < CHECKPOINT || type > SEAL || (seg.version() == VERSION_1 && type == SEAL)) {
      throw new BadRecordException("unknown record type " + type);
    }
    if (meta < 0 || meta > MAX_META || data < 0 || data > MAX_DATA) {
      throw new BadRecordException("record lengths out of range: meta=" + meta + " data=" + data);
    }
    return new Header(type, v.get(5), meta, data, v.getLong(16), v.getInt(24));
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
