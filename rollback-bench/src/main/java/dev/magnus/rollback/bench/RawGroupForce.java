package dev.magnus.rollback.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The physical floor of durable appends from many threads: group commit with nothing else. Each
 * caller queues a record and parks; a caller that finds no one leading leads: it takes every queued
 * record, writes them in one positional write, forces ({@code fdatasync}), unparks exactly the callers
 * of that batch, and goes on with what queued meanwhile, up to {@value #MAX_BATCHES_PER_LEADER} batches,
 * before handing the lead to the oldest waiting caller. That is the file store's own scheme
 * ({@code GroupCommitWriter}) without its framing, checksums, index, retention or engine. The file is
 * preallocated with zeros ahead of the writes ({@value #CHUNK} bytes at a time, written and forced with
 * the write that first needs them), so the other forces change no metadata, as in the file store.
 *
 * <p>It measures what this disk and this machine's thread hand-offs allow when every one of N threads
 * waits for its own record to be durable: the ceiling of "32 sessions against one" for any store
 * whose callers wait. Hand-written: group commit is the thing measured, and no library offers a bare
 * one. Thread-safe; a failed write or force fails its batch and every later append.
 */
public final class RawGroupForce implements AutoCloseable {
  static final int CHUNK = 1 << 20;
  static final int MAX_BATCHES_PER_LEADER = 8;
  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int DONE = 2;

  /** A queued record and its caller. */
  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final byte[] record;
    volatile int state = WAITING;

    Waiter(byte[] record) {
      this.record = record;
    }
  }

  private final FileChannel channel;
  private final ReentrantLock lock = new ReentrantLock();
  /** Callers waiting for a batch, oldest first. Guarded by {@code lock}. */
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  /** Whether a caller leads. Guarded by {@code lock}. */
  private boolean leading;
  /** The first failed write or force. Guarded by {@code lock}. */
  private IOException failure;
  /** Records in batches forced without failure, and those batches. Guarded by {@code lock}. */
  private long durable;
  private long forces;
  /** Written only by the leader; the lock hand-over publishes them to the next one. */
  private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private long position;
  private long allocated;
  private final ByteBuffer zeros = ByteBuffer.allocate(CHUNK);

  /**
   * Create the file.
   *
   * @param file a file that must not exist yet
   * @throws IOException if the file cannot be created
   */
  public RawGroupForce(Path file) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /**
   * Append a record and return once a force has covered it.
   *
   * <p>An interrupt does not cut the wait short (the record is already on its way) and stays set; the
   * thread leads with its interrupt status cleared, since a {@code FileChannel} closes itself when a
   * thread blocked in it is interrupted.
   *
   * @param record the bytes
   * @throws IOException if a write or force has failed, this caller's or any before it returned
   */
  public void append(byte[] record) throws IOException {
    Waiter me = new Waiter(record);
    lock.lock();
    try {
      if (failure != null) {
        throw new IOException("an earlier write or force failed", failure);
      }
      queue.addLast(me);
      if (!leading) {
        leading = true;
        me.state = LEADING;
      }
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (me.state == WAITING) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    try {
      if (me.state == LEADING) {
        interrupted |= Thread.interrupted();
        lead(me);
      }
      lock.lock();
      try {
        if (failure != null) {
          throw new IOException("a write or force failed", failure);
        }
      } finally {
        lock.unlock();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void lead(Waiter self) {
    boolean more = true;
    for (int led = 1; more; led++) {
      List<Waiter> batch = take();
      IOException failed = null;
      try {
        writeAndForce(batch);
      } catch (IOException e) {
        failed = e;
      }
      more = finish(batch, self, failed, led < MAX_BATCHES_PER_LEADER);
    }
  }

  private List<Waiter> take() {
    lock.lock();
    try {
      List<Waiter> batch = new ArrayList<>(queue);
      queue.clear();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Record the batch's end, wake its callers, and keep leading, hand over, or stop; return whether to go on. */
  private boolean finish(List<Waiter> batch, Waiter self, IOException failed, boolean mayGoOn) {
    Waiter next = null;
    boolean goOn = false;
    lock.lock();
    try {
      if (failed == null) {
        durable += batch.size();
        forces++;
      } else if (failure == null) {
        failure = failed;
      }
      if (queue.isEmpty()) {
        leading = false;
      } else if (mayGoOn) {
        goOn = true;
      } else {
        next = queue.peekFirst();
        next.state = LEADING;
      }
    } finally {
      lock.unlock();
    }
    for (Waiter w : batch) {
      if (w != self) {
        w.state = DONE;
        LockSupport.unpark(w.thread);
      }
    }
    if (next != null) {
      LockSupport.unpark(next.thread);
    }
    return goOn;
  }

  private void writeAndForce(List<Waiter> batch) throws IOException {
    int bytes = 0;
    for (Waiter w : batch) {
      bytes += w.record.length;
    }
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocate(Integer.highestOneBit(bytes) * 2);
    }
    buffer.clear();
    batch.forEach(w -> buffer.put(w.record));
    buffer.flip();
    long end = position + bytes;
    boolean grows = end > allocated;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    if (grows) {
      long target = allocated + Math.max(CHUNK, end - allocated);
      for (long at = end; at < target; ) {
        zeros.clear().limit((int) Math.min(CHUNK, target - at));
        at += channel.write(zeros, at);
      }
      allocated = target;
    }
    channel.force(grows);
  }

  /**
   * Appends per force so far.
   *
   * @return records made durable divided by the forces that made them so, 0 before the first
   */
  public double meanBatch() {
    lock.lock();
    try {
      return forces == 0 ? 0 : (double) durable / forces;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
