package dev.magnus.rollback.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The physical floor of a durable append: write a record at the end of the file, then
 * {@code FileChannel.force(false)} (fdatasync). Two variants: a <em>growing</em> file (every force
 * also commits the new file size: a journal commit on ext4), and a file <em>preallocated</em> with
 * zeros ahead of the writes in chunks (the chunk is written and forced with the append that first
 * needs it, as the file store does; the other forces change no metadata). One writer; not
 * thread-safe.
 */
public final class RawForceLoop implements AutoCloseable {
  private final FileChannel channel;
  private final ByteBuffer record;
  private final ByteBuffer zeros;
  private long position;
  private long allocated;

  /**
   * Create a growing file.
   *
   * @param file a file that must not exist yet
   * @param recordBytes the length of each append
   * @throws IOException if the file cannot be created
   */
  public RawForceLoop(Path file, int recordBytes) throws IOException {
    this(file, recordBytes, 0);
  }

  /**
   * Create a file that is extended with zeros {@code chunkBytes} at a time ahead of the appends.
   *
   * @param file a file that must not exist yet
   * @param recordBytes the length of each append
   * @param chunkBytes the preallocation chunk, 0 for a growing file
   * @throws IOException if the file cannot be created
   */
  public RawForceLoop(Path file, int recordBytes, int chunkBytes) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    byte[] bytes = new byte[recordBytes];
    new java.util.SplittableRandom(recordBytes).nextBytes(bytes);
    this.record = ByteBuffer.wrap(bytes);
    this.zeros = ByteBuffer.allocate(chunkBytes);
  }

  /**
   * Append one record and force it.
   *
   * @throws IOException if the write or the force fails
   */
  public void append() throws IOException {
    record.rewind();
    long end = position + record.remaining();
    boolean grows = zeros.capacity() > 0 && end > allocated;
    while (record.hasRemaining()) {
      position += channel.write(record, position);
    }
    if (grows) {
      long target = allocated + Math.max(zeros.capacity(), end - allocated);
      for (long at = end; at < target; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
        at += channel.write(zeros, at);
      }
      allocated = target;
    }
    channel.force(grows);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
