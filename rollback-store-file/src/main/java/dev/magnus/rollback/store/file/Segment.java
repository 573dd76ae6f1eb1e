package dev.magnus.rollback.store.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Hold one open segment file and its liveness figures.
 *
 * <p>Design: records are appended only by the leading writer at {@link #size}; readers read whole
 * records with positional reads, which never move a shared position. {@link #liveRecords} and
 * {@link #liveBytes} count the checkpoint records of this segment that the index still serves,
 * {@link #markerBytes} the bytes of its tombstone and session-delete records;
 * {@link #markerTargets} lists the segments that this segment's tombstones and session deletes
 * point at. A segment with no live record whose markers point at no other existing segment is dead
 * and can be deleted. Mutable fields are guarded by the store's index lock (written by the leading
 * writer under the write lock).
 */
final class Segment {
  final long id;
  final Path path;
  FileChannel channel;
  long size;
  long liveRecords;
  long liveBytes;
  long markerBytes;
  final Set<Long> markerTargets = new HashSet<>();
  /** Set when a write to this segment failed: it takes no more records. */
  boolean sealed;

  Segment(long id, Path path, FileChannel channel, long size) {
    this.id = id;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /** Read exactly {@code length} bytes at {@code offset}. */
  ByteBuffer read(long offset, int length) throws IOException {
    return readFully(channel, offset, length);
  }

  static ByteBuffer readFully(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b, offset + b.position()) < 0) {
        throw new EOFException("end of file at " + (offset + b.position()) + " while reading " + length + " bytes at "
            + offset);
      }
    }
    return b.flip();
  }

  static void writeFully(FileChannel channel, ByteBuffer b, long offset) throws IOException {
    long at = offset;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
