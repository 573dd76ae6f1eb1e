package dev.magnus.rollback.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drive an operation from N threads for a fixed time and return the rate. A latch starts the
 * threads together; each runs until the deadline; the rate is all operations over the time from the
 * start to the last thread's end (so a slow last operation counts). The first failure is rethrown.
 */
public final class Load {
  private Load() {}

  /** One operation of writer {@code writer}; {@code n} counts that writer's operations from 0. */
  @FunctionalInterface
  public interface Op {
    /**
     * Run once.
     *
     * @param writer the writer's index, 0 to threads - 1
     * @param n the writer's operation count so far
     * @throws Exception on failure, which stops the run
     */
    void run(int writer, long n) throws Exception;
  }

  /**
   * Run {@code op} on {@code threads} threads for {@code nanos} and return operations per second.
   *
   * @param threads how many threads
   * @param nanos how long
   * @param op the operation
   * @return operations per second
   * @throws Exception the first failure of any thread
   */
  public static double rate(int threads, long nanos, Op op) throws Exception {
    return run(threads, nanos, 0, op);
  }

  /**
   * Run {@code op} on {@code threads} threads; writer {@code w} starts its count at {@code firstN}.
   *
   * @param threads how many threads
   * @param nanos how long
   * @param firstN the first operation number of every writer
   * @param op the operation
   * @return operations per second
   * @throws Exception the first failure of any thread
   */
  public static double run(int threads, long nanos, long firstN, Op op) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] counts = new long[threads];
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[] start = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int w = t;
      Thread thread = new Thread(() -> {
        ready.countDown();
        try {
          go.await();
          long deadline = start[0] + nanos;
          long n = firstN;
          while (System.nanoTime() < deadline && failure.get() == null) {
            op.run(w, n++);
          }
          counts[w] = n - firstN;
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-writer-" + t);
      workers.add(thread);
      thread.start();
    }
    ready.await();
    start[0] = System.nanoTime();
    go.countDown();
    for (Thread t : workers) {
      t.join();
    }
    long elapsed = System.nanoTime() - start[0];
    if (failure.get() != null) {
      throw failure.get();
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total / (elapsed / 1e9);
  }
}
