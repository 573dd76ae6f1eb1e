package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.Format.Header;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Read and check the records of one segment file in order, and find the next valid record after
 * damage.
 *
 * <p>Design: {@link #next} reads a 32-byte header, checks it (the CRC bound to this segment and
 * offset first), bounds the record by the file size before reading its body, checks the payload CRC
 * and decodes the meta section; any failure is a {@link BadRecordException} at that offset, and the
 * caller decides between torn tail and corruption with {@link #nextValid}, which looks for the record
 * magic in 1 MiB windows and accepts a candidate only if it passes every check <em>at that
 * offset</em>: a frame that was written elsewhere (inside a payload, in another segment) fails the
 * bound header CRC.
 *
 * <p>The end of the records: the exact end of the file, or, in a segment that preallocates (version
 * 3), the first record boundary whose header bytes are all zero <em>and</em> from which every byte to
 * the end of the file is zero: the preallocated tail. A record never starts with a zero byte (its
 * magic), so that boundary cannot be a record. Zeros followed by any non-zero byte are not a tail: the
 * zero header is a bad record there, and the caller judges it like any other (a torn write if no valid
 * record follows in the newest unsealed segment, damage otherwise). Not thread-safe; one scanner per
 * pass.
 */
final class SegmentScanner {
  private static final int WINDOW = 1 << 20;

  /** Read bytes of the scanned file. */
  interface Source {
    ByteBuffer read(long offset, int length) throws IOException;
  }

  /** A record that passed every check; {@code raw} is the whole framed record. */
  record Item(long offset, Header header, Object decoded, ByteBuffer raw) {
    int length() {
      return header.recordLength();
    }
  }

  private final Source source;
  private final SegmentHeader segment;
  private final long size;

  SegmentScanner(Source source, SegmentHeader segment, long size) {
    this.source = source;
    this.segment = segment;
    this.size = size;
  }

  /** Read the record at {@code offset}; null at the exact end of the file or at a preallocated zero tail. */
  Item next(long offset) throws IOException, BadRecordException {
    if (offset == size || (segment.preallocates() && zeroTail(offset))) {
      return null;
    }
    if (size - offset < Format.RECORD_HEADER_SIZE) {
      throw new BadRecordException("only " + (size - offset) + " bytes left, less than a record header");
    }
    Header h = Format.parseHeader(segment, offset, source.read(offset, Format.RECORD_HEADER_SIZE));
    if (h.recordLength() > size - offset) {
      throw new BadRecordException("record of " + h.recordLength() + " bytes runs past the end of the file");
    }
    ByteBuffer raw = source.read(offset, h.recordLength());
    Format.checkPayload(h, raw.duplicate().position(Format.RECORD_HEADER_SIZE));
    return new Item(offset, h, decode(h, raw), raw);
  }

  /**
   * Tell whether the header at {@code offset} is all zero and so is every byte after it; throw if the
   * header is zero but a later byte is not (the zero header is then a bad record).
   */
  private boolean zeroTail(long offset) throws IOException, BadRecordException {
    if (!allZero(source.read(offset, (int) Math.min(Format.RECORD_HEADER_SIZE, size - offset)))) {
      return false;
    }
    for (long at = offset; at < size; at += WINDOW) {
      ByteBuffer window = source.read(at, (int) Math.min(WINDOW, size - at));
      int p = firstNonZero(window);
      if (p >= 0) {
        throw new BadRecordException("zero bytes at offset " + offset + " (no record starts with zero) followed by a "
            + "non-zero byte at offset " + (at + p) + ": not a preallocated tail");
      }
    }
    return true;
  }

  private static boolean allZero(ByteBuffer b) {
    return firstNonZero(b) < 0;
  }

  private static int firstNonZero(ByteBuffer b) {
    int p = b.position();
    int n = b.limit();
    int i = p;
    for (; i + 8 <= n; i += 8) {
      if (b.getLong(i) != 0) {
        break;
      }
    }
    for (; i < n; i++) {
      if (b.get(i) != 0) {
        return i - p;
      }
    }
    return -1;
  }

  private static Object decode(Header h, ByteBuffer raw) throws BadRecordException {
    byte[] meta = new byte[h.metaLength()];
    raw.get(Format.RECORD_HEADER_SIZE, meta);
    return decode(h, new MetaReader(meta));
  }

  /** Decode the meta section {@code in} of a record with header {@code h}, checking it against the header. */
  static Object decode(Header h, MetaReader in) throws BadRecordException {
    try {
      if (h.type() == Format.SEAL) {
        return Codec.seal(in);
      }
      if (h.type() != Format.CHECKPOINT) {
        return Codec.marker(h.type(), in);
      }
      Checkpoint c = Codec.checkpoint(in);
      if (c.sequence() != h.sequence() || c.storedSize() != h.dataLength()) {
        throw new BadRecordException("descriptor disagrees with its header (sequence or size)");
      }
      return c;
    } catch (IOException | RuntimeException e) {
      throw new BadRecordException("undecodable meta section: " + e.getMessage());
    }
  }

  /**
   * List where the records (not the seal) of an undamaged segment file begin, and last where they end
   * (the seal's offset, the start of a preallocated zero tail, or the end of the file); for tests and
   * tools that damage files on purpose.
   *
   * @throws IOException if the file cannot be read or is damaged
   */
  static java.util.List<Long> recordBounds(java.nio.file.Path file) throws IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.READ)) {
      SegmentHeader header = Format.checkFileHeader(Segment.readFully(ch, 0, (int) Math.min(ch.size(),
          Format.FILE_HEADER_SIZE)));
      SegmentScanner scanner = new SegmentScanner((o, n) -> Segment.readFully(ch, o, n), header, ch.size());
      java.util.List<Long> bounds = new java.util.ArrayList<>();
      long at = header.size();
      for (Item i = scanner.next(at); i != null && i.header().type() != Format.SEAL; i = scanner.next(at)) {
        bounds.add(at);
        at += i.length();
      }
      bounds.add(at);
      return bounds;
    } catch (BadRecordException e) {
      throw new IOException(file.getFileName() + " is damaged: " + e.getMessage());
    }
  }

  /**
   * List where the records (not the seal) of an undamaged segment file begin; for tests and tools
   * that damage files on purpose.
   *
   * @throws IOException if the file cannot be read or is damaged
   */
  static java.util.List<Long> recordStarts(java.nio.file.Path file) throws IOException {
    java.util.List<Long> bounds = recordBounds(file);
    return bounds.subList(0, bounds.size() - 1);
  }

  /** Return the offset of the first valid record after {@code offset}, or -1 if there is none. */
  long nextValid(long offset) throws IOException {
    long base = offset + 1;
    while (base <= size - Format.RECORD_HEADER_SIZE) {
      int n = (int) Math.min(WINDOW, size - base);
      ByteBuffer window = source.read(base, n);
      for (int i = 0; i + 4 <= n; i++) {
        if (window.getInt(i) == Format.RECORD_MAGIC && valid(base + i)) {
          return base + i;
        }
      }
      base += Math.max(1, n - 3);
    }
    return -1;
  }

  private boolean valid(long offset) throws IOException {
    try {
      next(offset);
      return true;
    } catch (BadRecordException e) {
      return false;
    }
  }
}
