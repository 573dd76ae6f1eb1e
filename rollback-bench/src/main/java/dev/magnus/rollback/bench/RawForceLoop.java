package dev.magnus.rollback.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The physical floor of a durable append: write a record to the end of a growing file, then
 * {@code FileChannel.force(false)} (fdatasync), as a segment file grows. One writer; not
 * thread-safe.
 */
public final class RawForceLoop implements AutoCloseable {
  private final FileChannel channel;
  private final ByteBuffer record;
  private long position;

  /**
   * Create the file.
   *
   * @param file a file that must not exist yet
   * @param recordBytes the length of each append
   * @throws IOException if the file cannot be created
   */
  public RawForceLoop(Path file, int recordBytes) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    byte[] bytes = new byte[recordBytes];
    new java.util.SplittableRandom(recordBytes).nextBytes(bytes);
    this.record = ByteBuffer.wrap(bytes);
  }

  /**
   * Append one record and force it.
   *
   * @throws IOException if the write or the force fails
   */
  public void append() throws IOException {
    record.rewind();
    while (record.hasRemaining()) {
      position += channel.write(record, position);
    }
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
