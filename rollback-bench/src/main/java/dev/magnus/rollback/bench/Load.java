package dev.magnus.rollback.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;

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
      Runnable body = () -> counts[w] = runWorker(w, ready, go, () -> start[0] + nanos, firstN, op, failure);
      Thread thread = new Thread(body, "bench-writer-" + t);
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
    return LongStream.of(counts).sum() / (elapsed / 1e9);
  }

  /** One worker: wait for the start, run until the deadline or a failure; return how many operations it ran. */
  private static long runWorker(int w, CountDownLatch ready, CountDownLatch go, LongSupplier deadline, long firstN,
      Op op, AtomicReference<Exception> failure) {
    ready.countDown();
    long n = firstN;
    try {
      go.await();
      long end = deadline.getAsLong();
      while (System.nanoTime() < end && failure.get() == null) {
        op.run(w, n++);
      }
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
    return n - firstN;
  }
}
