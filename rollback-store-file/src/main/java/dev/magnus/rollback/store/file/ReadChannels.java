package dev.magnus.rollback.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Read segment files through a bounded set of read-only channels, opened on demand, that survive the
 * interrupts of the threads that use them.
 *
 * <p>Design: a {@link FileChannel} closes itself when a thread blocked in it is interrupted, and
 * every caller's thread reads. So no channel here is shared with the writer, and a read that finds
 * its channel closed — by its own interrupt or by another reader's — drops that channel, opens a
 * fresh one and tries again; a read cut short by the caller's own interrupt is repeated on
 * {@link IoRescue}'s thread, and the caller's interrupt flag is set again before returning, so the
 * interrupt is never lost. At most {@link #MAX_OPEN} channels are
 * open at once, least recently used first to go, so open file handles do not grow with the number of
 * segments. Thread-safe: the map is guarded by {@code this}; reads run outside the lock, and a
 * channel closed under a reader by eviction is handled like one closed by an interrupt.
 *
 * <p>The channel of a deleted or replaced file is closed on a thread of its own ({@link #evict}): the
 * last close of a deleted file is when the kernel frees its blocks, about 25 ms for a 64 MiB segment
 * here, and the thread that evicts is the writer leading a batch, with every other caller waiting
 * for it. The thread is started on the first eviction and ends after 30 s idle; {@link #close} waits
 * (up to 10 s) for the closes it was handed.
 */
final class ReadChannels implements AutoCloseable {
  /** The most read channels open at once. */
  static final int MAX_OPEN = 16;
  private static final int ATTEMPTS = 64;

  private final Map<Path, FileChannel> open = new LinkedHashMap<>(32, 0.75f, true);
  private boolean closed;
  /** Closes the channels of deleted or replaced files; created on the first eviction. Guarded by {@code this}. */
  private @Nullable ExecutorService closer;

  /** Read exactly {@code length} bytes at {@code offset} of {@code file}. */
  ByteBuffer read(Path file, long offset, int length) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        FileChannel ch = channel(file);
        try {
          return Segment.readFully(ch, offset, length);
        } catch (ClosedByInterruptException e) {
          interrupted |= Thread.interrupted();
          forget(file, ch);
          return IoRescue.run(() -> Segment.readFully(channel(file), offset, length));
        } catch (ClosedChannelException e) {
          forget(file, ch); // closed under us by another reader's interrupt or by eviction: open it again
          if (attempt == ATTEMPTS) {
            throw e;
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized FileChannel channel(Path file) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    FileChannel ch = open.get(file);
    if (ch != null && ch.isOpen()) {
      return ch;
    }
    ch = FileChannel.open(file, StandardOpenOption.READ);
    open.put(file, ch);
    if (open.size() > MAX_OPEN) {
      Iterator<FileChannel> eldest = open.values().iterator();
      closeQuietly(eldest.next());
      eldest.remove();
    }
    return ch;
  }

  private synchronized void forget(Path file, FileChannel ch) {
    if (open.get(file) == ch) {
      open.remove(file);
    }
    closeQuietly(ch);
  }

  /**
   * Stop serving the channel of a file that was replaced or deleted, and close it on the closing
   * thread (inline once this is closed). A reader still holding it reads the file it opened, as before.
   */
  synchronized void evict(Path file) {
    FileChannel ch = open.remove(file);
    if (ch == null) {
      return;
    }
    if (closed) {
      closeQuietly(ch);
      return;
    }
    if (closer == null) {
      closer = HelperThread.startedOnDemand("rollback-file-store-channel-closer");
    }
    try {
      closer.execute(() -> closeQuietly(ch));
    } catch (RejectedExecutionException e) {
      closeQuietly(ch);
    }
  }

  /** Return how many channels are open (figures and tests). */
  synchronized int openCount() {
    return open.size();
  }

  @Override
  public void close() {
    ExecutorService pending;
    synchronized (this) {
      closed = true;
      open.values().forEach(ReadChannels::closeQuietly);
      open.clear();
      pending = closer;
    }
    if (pending == null) {
      return;
    }
    pending.shutdown(); // the closes already handed over still run
    try {
      pending.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // a read-only channel has nothing to lose on close
    }
  }
}
