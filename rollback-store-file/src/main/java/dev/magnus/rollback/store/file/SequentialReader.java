package dev.magnus.rollback.store.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Read a file's bytes {@code [0, limit)} once, front to back, in large windows, keeping the CRC32C of
 * everything read, and hand out views of ranges at increasing offsets.
 *
 * <p>Design: the reopen of a sealed segment must look at every byte (the seal's checksum covers them
 * all) but needs only the header and meta section of each record. Reading record by record costs a
 * system call and a heap buffer per record, which was most of the time of a reopen; here one read
 * fills a window of {@link #WINDOW} bytes into a direct buffer, ranges that straddle two windows are
 * kept by moving the unread rest to the front, and bytes between the requested ranges (the payloads)
 * pass through the checksum without being looked at. A range must start at or after the previous one.
 * The buffer is the caller's, so one open reuses it for every segment. Not thread-safe.
 */
final class SequentialReader {
  /** Bytes read per system call; a range never exceeds a record header plus the largest meta section. */
  static final int WINDOW = 1 << 20;
  static final int CAPACITY = WINDOW + Format.RECORD_HEADER_SIZE + Format.MAX_META;

  private final FileChannel channel;
  private final long limit;
  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  /** The file offset of {@code buffer[0]}. */
  private long start;
  /** Bytes of the file held in the buffer from {@link #start}. */
  private int filled;

  SequentialReader(FileChannel channel, long limit, ByteBuffer buffer) {
    if (buffer.capacity() < CAPACITY) {
      throw new IllegalArgumentException("buffer of " + buffer.capacity() + " bytes, need " + CAPACITY);
    }
    this.channel = channel;
    this.limit = limit;
    this.buffer = buffer;
  }

  static ByteBuffer newBuffer() {
    return ByteBuffer.allocateDirect(CAPACITY);
  }

  /**
   * Return a read-only view of the bytes {@code [offset, offset + length)}, valid until the next call.
   *
   * @throws EOFException if the range runs past the limit
   */
  ByteBuffer bytes(long offset, int length) throws IOException {
    if (offset < start || length > CAPACITY) {
      throw new IllegalStateException("range at " + offset + " of " + length + " bytes is behind the reader");
    }
    if (offset + length > limit) {
      throw new EOFException(length + " bytes at offset " + offset + " run past the end at " + limit);
    }
    if (offset + length > start + filled) {
      moveTo(offset);
      while (filled < length) {
        readMore();
      }
    }
    int p = (int) (offset - start);
    return buffer.duplicate().limit(p + length).position(p).slice().asReadOnlyBuffer();
  }

  /** Keep the buffered bytes from {@code offset} on, or read through to it if it is beyond them. */
  private void moveTo(long offset) throws IOException {
    long end = start + filled;
    if (offset < end) {
      int keep = (int) (end - offset);
      ByteBuffer rest = buffer.duplicate().limit(filled).position((int) (offset - start));
      buffer.clear();
      buffer.put(rest);
      start = offset;
      filled = keep;
      return;
    }
    start = end;
    filled = 0;
    while (start < offset) {
      filled = 0;
      readMore((int) Math.min(WINDOW, offset - start));
      start += filled;
    }
    filled = 0;
  }

  private void readMore() throws IOException {
    readMore((int) Math.min(Math.min(WINDOW, CAPACITY - filled), limit - start - filled));
  }

  /** Append up to {@code n} more bytes of the file to the buffer, adding them to the checksum. */
  private void readMore(int n) throws IOException {
    ByteBuffer target = buffer.duplicate().limit(filled + n).position(filled);
    int read = channel.read(target, start + filled);
    if (read < 0) {
      throw new EOFException("end of file at " + (start + filled) + ", expected " + limit + " bytes");
    }
    crc.update(buffer.duplicate().limit(filled + read).position(filled));
    filled += read;
  }

  /** Read through to the limit and return the checksum of every byte {@code [0, limit)}. */
  CRC32C finish() throws IOException {
    moveTo(limit);
    return crc;
  }
}
