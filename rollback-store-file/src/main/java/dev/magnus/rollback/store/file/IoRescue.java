package dev.magnus.rollback.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finish an I/O call that the caller's interrupts keep cutting short, on a thread nobody interrupts.
 *
 * <p>Design: the store's I/O runs on its callers' threads (the leading writer, readers), and a
 * {@code FileChannel} call fails with {@code ClosedByInterruptException} when its thread is
 * interrupted. Store code clears the flag and repeats such a call; if an interrupt lands again, the
 * call is handed here and the caller waits for it without reacting to interrupts (it keeps its flag
 * for afterwards). One daemon thread per process serves every store; it is used only after an
 * interrupt, so the normal path never pays a hand-off. The calls are idempotent (positional writes of
 * the same bytes, forces, reads, writes of a fresh temp file). Thread-safe.
 */
final class IoRescue {
  private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "rollback-file-store-io-rescue");
    t.setDaemon(true);
    return t;
  });

  private IoRescue() {}

  /** Run {@code step} on the rescue thread and wait for it, keeping the caller's interrupt for later. */
  static <T> T run(SegmentFiles.IoStep<T> step) throws IOException {
    return await(THREAD.submit(step::run));
  }

  /**
   * Wait for {@code f} without reacting to interrupts (the caller's flag is kept for afterwards), and
   * throw what the task threw: an I/O failure (also when wrapped unchecked) as itself, a runtime
   * exception or error as itself, anything else wrapped in an {@code IOException}.
   */
  static <T> T await(Future<T> f) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IOException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
