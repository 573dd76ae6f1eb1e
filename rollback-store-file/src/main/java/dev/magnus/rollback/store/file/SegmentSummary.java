package dev.magnus.rollback.store.file;

import dev.magnus.rollback.store.file.Format.BadRecordException;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Write and read the summary of a sealed segment: the sidecar file {@code segment-<id>.summary}
 * holding, for every record before the seal, its first 28 header bytes and its meta section, bound
 * to one exact segment file (FORMAT.md section 11).
 *
 * <p>Design: a reopen needs the descriptors and markers of a sealed segment, not its payloads. The
 * summary repeats them in one small file so that a reopen reads them without parsing the segment
 * record by record; {@link SummaryLoader} then checks them against the segment itself. The summary
 * is derived data: it is built by reading the sealed segment back ({@link #build}), never from memory,
 * written through a temp file and a rename, and may be missing, stale or damaged at any time without
 * loss: its binding (segment id, salt, generation, format version, file length, where the records end,
 * record count, segment checksum) and its own CRC32C tell a summary of this very file from anything
 * else, and a summary that does not check out is ignored and the segment scanned. Stateless.
 */
final class SegmentSummary {
  static final String SUFFIX = ".summary";
  /** "RBSM". */
  static final int MAGIC = 0x5242534d;
  static final short VERSION = 1;
  /** Bytes before the first entry. */
  static final int HEADER_SIZE = 60;
  /** The record header bytes an entry repeats: everything but the header CRC. */
  static final int ENTRY_HEADER = 28;

  private SegmentSummary() {}

  /**
   * What a summary is bound to: one sealed segment file.
   *
   * @param id the segment id
   * @param salt the salt of the segment's header
   * @param generation the generation of the segment's header
   * @param format the segment's format version
   * @param length the segment file's length
   * @param recordsEnd where its seal begins
   * @param recordCount the records before the seal
   * @param segmentCrc the seal's checksum of bytes {@code [0, recordsEnd)}
   */
  record Binding(long id, long salt, int generation, short format, long length, long recordsEnd, long recordCount,
      int segmentCrc) {
    static Binding of(Segment s) {
      return new Binding(s.id, s.header.salt(), s.header.generation(), s.header.version(), s.size, s.recordsEnd,
          s.recordCount, s.crc);
    }
  }

  /**
   * A summary read from disk whose own checksum matched.
   *
   * @param binding the segment it claims to describe
   * @param bytes the whole file
   */
  record Loaded(Binding binding, byte[] bytes) {
    MetaReader entries() {
      return new MetaReader(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE - 4);
    }
  }

  /** Return the summary file of a live segment file. */
  static Path fileOf(Path segment) {
    return segment.resolveSibling(segment.getFileName().toString().replace(".log", SUFFIX));
  }

  /**
   * Build the summary of a sealed segment by reading it back, checking that what is read is what the
   * binding says (record count, where the records end, checksum).
   *
   * @throws IOException if the file cannot be read or does not match the binding
   */
  static byte[] build(FileChannel ch, SegmentHeader header, Binding b, ByteBuffer scratch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 24, 64 + b.recordCount() * 300));
    out.write(headerBytes(b));
    SequentialReader reader = new SequentialReader(ch, b.recordsEnd(), scratch);
    long at = header.size();
    long records = 0;
    try {
      while (at < b.recordsEnd()) {
        Format.Header h = Format.parseHeader(header, at, reader.bytes(at, Format.RECORD_HEADER_SIZE));
        ByteBuffer r = reader.bytes(at, Format.RECORD_HEADER_SIZE + h.metaLength());
        byte[] entry = new byte[ENTRY_HEADER + h.metaLength()];
        r.get(0, entry, 0, ENTRY_HEADER).get(Format.RECORD_HEADER_SIZE, entry, ENTRY_HEADER, h.metaLength());
        out.write(entry);
        at += h.recordLength();
        records++;
      }
    } catch (BadRecordException e) {
      throw new IOException("segment " + b.id() + " has a bad record at offset " + at + ": " + e.getMessage());
    }
    int crc = (int) reader.finish().getValue();
    if (at != b.recordsEnd() || records != b.recordCount() || crc != b.segmentCrc()) {
      throw new IOException("segment " + b.id() + " does not match its seal figures (records end at " + at
          + ", " + records + " records, checksum " + crc + ")");
    }
    return withCrc(out);
  }

  private static byte[] headerBytes(Binding b) {
    return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(b.id())
        .putLong(b.salt()).putInt(b.generation()).putShort(b.format()).putShort((short) 0).putLong(b.length())
        .putLong(b.recordsEnd()).putLong(b.recordCount()).putInt(b.segmentCrc()).array();
  }

  private static byte[] withCrc(ByteArrayOutputStream out) {
    CRC32C crc = new CRC32C();
    byte[] body = out.toByteArray();
    crc.update(body);
    byte[] all = java.util.Arrays.copyOf(body, body.length + 4);
    ByteBuffer.wrap(all).putInt(body.length, (int) crc.getValue());
    return all;
  }

  /**
   * Write the summary of the sealed segment {@code s} (temp file, force, rename over any older one).
   *
   * @return the bytes written
   * @throws IOException if the segment cannot be read back or does not match its figures
   */
  static long write(SegmentFiles files, Segment s) throws IOException {
    Binding b = Binding.of(s);
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
      if (ch.size() != b.length()) {
        throw new IOException(s + " is " + ch.size() + " bytes, its seal says " + b.length());
      }
      bytes = build(ch, s.header, b, SequentialReader.newBuffer());
    }
    Path target = fileOf(s.path);
    Path temp = target.resolveSibling(target.getFileName() + SegmentFiles.TEMP);
    try (FileChannel out = files.openNewFile(temp)) {
      Segment.writeFully(out, ByteBuffer.wrap(bytes), 0);
      out.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return bytes.length;
  }

  /**
   * Read a summary file and check its own checksum and header; null if there is none.
   *
   * @throws IOException naming what is wrong with a summary that exists but cannot be used
   */
  static Loaded read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (bytes.length < HEADER_SIZE + 4) {
      throw new IOException("it is " + bytes.length + " bytes, too short");
    }
    if (Format.crc(bytes, 0, bytes.length - 4) != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
      throw new IOException("its checksum does not match");
    }
    ByteBuffer h = ByteBuffer.wrap(bytes);
    if (h.getInt(0) != MAGIC || h.getShort(4) != VERSION) {
      throw new IOException("magic " + Integer.toHexString(h.getInt(0)) + " version " + h.getShort(4)
          + " is not a summary this code reads (version " + VERSION + ")");
    }
    Binding b = new Binding(h.getLong(8), h.getLong(16), h.getInt(24), h.getShort(28), h.getLong(32), h.getLong(40),
        h.getLong(48), h.getInt(56));
    return new Loaded(b, bytes);
  }

  /**
   * Write the summary of a segment just sealed, rewritten or checked; a failure is logged and costs
   * nothing but a scan of that segment at the next open.
   */
  static void writeQuietly(SegmentFiles files, Segment s) {
    try {
      SegmentFiles.uninterrupted(() -> write(files, s));
    } catch (IOException | RuntimeException e) {
      System.getLogger(SegmentSummary.class.getName()).log(System.Logger.Level.WARNING, "could not write the summary "
          + "of " + s + "; the next open scans it", e);
    }
  }

  /** Write the summaries a writable open found missing or unusable, for the segments still sealed. */
  static void writeMissing(SegmentFiles files, CheckpointIndex index, List<Long> ids) {
    for (long id : ids) {
      Segment s = index.segments.get(id);
      if (s != null && s.sealed) {
        writeQuietly(files, s);
      }
    }
  }

  /** Delete the summary of a segment that is gone or replaced; a failure is left to the next open. */
  static void delete(Path segment) {
    try {
      Files.deleteIfExists(fileOf(segment));
    } catch (IOException e) {
      System.getLogger(SegmentSummary.class.getName()).log(System.Logger.Level.WARNING, "could not delete "
          + fileOf(segment).getFileName() + "; the next writable open deletes it", e);
    }
  }
}
