package dev.magnus.rollback.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One file per checkpoint, written the crash-safe way: a temp file, {@code force}, an atomic rename
 * to the final name, then {@code force} on the directory so the rename itself is durable. This is
 * what a careful hand-written store does. Each file holds a small text header (session, sequence,
 * type, payload length) and the payload. Thread-safe: writers touch distinct files.
 */
public final class FilePerCheckpoint implements RecordSink {
  private final Path directory;

  /**
   * Use a directory, creating it if needed.
   *
   * @param directory the directory
   * @throws IOException if it cannot be created
   */
  public FilePerCheckpoint(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
  }

  @Override
  public void append(BenchRecord r) throws IOException {
    Path temp = directory.resolve(r.id() + ".tmp");
    byte[] header = (r.session() + '\n' + r.sequence() + '\n' + r.type() + '\n' + r.payload().length + '\n')
        .getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer[] buffers = {ByteBuffer.wrap(header), ByteBuffer.wrap(r.payload())};
      long total = header.length + (long) r.payload().length;
      long written = 0;
      while (written < total) {
        written += ch.write(buffers);
      }
      ch.force(true);
    }
    Files.move(temp, directory.resolve(r.id() + ".ckpt"), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * Read a record's payload back.
   *
   * @param id the id
   * @return the payload bytes
   * @throws IOException if the file is missing or unreadable
   */
  public byte[] readPayload(String id) throws IOException {
    byte[] all = Files.readAllBytes(directory.resolve(id + ".ckpt"));
    int newlines = 0;
    int at = 0;
    while (newlines < 4) {
      if (all[at++] == '\n') {
        newlines++;
      }
    }
    byte[] payload = new byte[all.length - at];
    System.arraycopy(all, at, payload, 0, payload.length);
    return payload;
  }

  @Override
  public void close() {
    // nothing held open between appends
  }
}
