package dev.magnus.rollback.bench;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Measure the file store itself, without the engine, against a raw append+force loop on one
 * directory, policy always. Usage: {@code java -cp rollback-bench/target/benchmarks.jar
 * dev.magnus.rollback.bench.FileStoreThroughput [rounds]}; the directories live under
 * {@code java.io.tmpdir} (set it to measure another disk) and are deleted at the end.
 *
 * <p>Each round measures, in a rotating order so that drift on a shared machine hits every figure
 * alike: the raw loop ({@link RawForceLoop}, records as long as the store's) paired with the store
 * with one writer, the store with 32 writers on 32 sessions ({@link Load}, for a fixed time), and
 * reopening 10,000 checkpoints (the store {@link Extras#buildReopenStore} writes). The raw loop and
 * the one writer alternate in blocks of {@link #BLOCK} appends, each on its own file in the same
 * directory, so both see the same disk; their ratio is the sum of the raw blocks' time over the sum
 * of the store's, and the ratio of the median latencies of single appends (robust to the stalls of a
 * shared disk). Forces per append come from the store's {@code forces} figure. It prints every round,
 * then the median of each figure and the median of the per-round ratios of DESIGN.md section 10. An
 * uncounted warm-up round runs first, so that the rounds measure compiled code.
 *
 * <p>The record length the raw loop writes is measured on disk (the bytes 100 appends add to a
 * store), since the file store's framing is not public API. Not thread-safe; one run per JVM.
 */
public final class FileStoreThroughput {
  private static final int PAYLOAD = 4500;
  private static final int ONE_WRITER_OPS = 1000;
  private static final int BLOCK = 50;
  private static final int WRITERS = 32;
  private static final long MANY_WRITERS_NANOS = 1_000_000_000L;
  private static final int DEFAULT_ROUNDS = 5;
  private static final String[] NAMES = {"one", "many", "reopen"};

  private FileStoreThroughput() {}

  /**
   * Run the rounds and print them.
   *
   * @param args optional: the number of rounds (default 5)
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
    Path base = TempDirs.create("file-store-throughput-");
    double[][] figures = new double[rounds][5];
    double[][] forcesPerAppend = new double[rounds][2];
    try {
      int recordBytes = recordBytes(base.resolve("record-bytes"));
      warmUp(base.resolve("warm-up"), recordBytes);
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < NAMES.length; k++) {
          int which = (r + k) % NAMES.length;
          Path dir = Files.createDirectories(base.resolve(NAMES[which] + "-" + r));
          switch (which) {
            case 0 -> rawAndOneWriter(dir, recordBytes, figures[r], forcesPerAppend[r]);
            case 1 -> figures[r][2] = manyWriters(dir, forcesPerAppend[r]);
            default -> figures[r][3] = reopen(dir);
          }
          TempDirs.delete(dir);
        }
        double[] f = figures[r];
        System.out.printf("round %d: raw %6.0f/s  1 writer %6.0f/s (%.2fx raw, median latency %.2fx, %.2f forces/append)  "
            + "%d writers %6.0f/s (%.1fx one, %.3f forces/append)  reopen %4.0f ms%n", r + 1, f[0], f[1], f[1] / f[0],
            f[4], forcesPerAppend[r][0], WRITERS, f[2], f[2] / f[1], forcesPerAppend[r][1], f[3]);
      }
      summarize(figures, recordBytes);
    } finally {
      TempDirs.delete(base);
    }
  }

  /** Run every figure once, uncounted, so that the rounds measure compiled code. */
  private static void warmUp(Path dir, int recordBytes) throws Exception {
    double[] ignored = new double[5];
    rawAndOneWriter(Files.createDirectories(dir.resolve("one")), recordBytes, ignored, ignored);
    manyWriters(dir.resolve("many"), ignored);
    reopen(dir.resolve("reopen"));
    TempDirs.delete(dir);
  }

  private static void summarize(double[][] figures, int recordBytes) {
    double raw = median(figures, f -> f[0]);
    double one = median(figures, f -> f[1]);
    double many = median(figures, f -> f[2]);
    System.out.printf("medians of %d rounds, policy always, %d-byte payloads (%d-byte records on disk):%n",
        figures.length, PAYLOAD, recordBytes);
    System.out.printf("  raw append+force:         %8.0f appends/s%n", raw);
    System.out.printf("  file store, 1 writer:     %8.0f appends/s  ratio to raw %.2fx (median of rounds %.2fx; "
        + "target >= 0.8x)%n", one, one / raw, median(figures, f -> f[1] / f[0]));
    System.out.printf("    median raw latency / median store latency: %.2fx (median of rounds)%n",
        median(figures, f -> f[4]));
    System.out.printf("  file store, %d writers:   %8.0f appends/s  ratio to 1 writer %.1fx (median of rounds %.1fx; "
        + "target >= 10x)%n", WRITERS, many, many / one, median(figures, f -> f[2] / f[1]));
    System.out.printf("  reopen %d checkpoints:   %8.0f ms (target <= 1000 ms)%n", Extras.REOPEN_CHECKPOINTS,
        median(figures, f -> f[3]));
  }

  /** Return the bytes one append of a benchmark record adds to a store's files: what the raw loop writes. */
  static int recordBytes(Path dir) {
    try {
      long one = storedBytes(dir.resolve("one"), 1);
      long many = storedBytes(dir.resolve("many"), 101);
      return (int) Math.round((many - one) / 100.0);
    } finally {
      TempDirs.delete(dir);
    }
  }

  private static long storedBytes(Path dir, int appends) {
    try (CheckpointStore store = FileStores.builder(dir).fsync(FsyncPolicy.NONE).open()) {
      for (int i = 1; i <= appends; i++) {
        store.append(StoreRecords.record("one", i, PAYLOAD));
      }
    }
    return TempDirs.bytes(dir, "LOCK");
  }

  private static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static double median(double[][] figures, ToDoubleFunction<double[]> pick) {
    double[] v = Arrays.stream(figures).mapToDouble(pick).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Alternate blocks of the raw loop and of the store with one writer; put their rates in
   * {@code figures[0]} and {@code figures[1]}, the ratio of their median latencies in
   * {@code figures[4]}, and the store's forces per append in {@code forcesPerAppend[0]}.
   */
  private static void rawAndOneWriter(Path dir, int recordBytes, double[] figures, double[] forcesPerAppend)
      throws IOException {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 1; i <= ONE_WRITER_OPS; i++) {
      records.add(StoreRecords.record("one", i, PAYLOAD));
    }
    long rawNanos = 0;
    long storeNanos = 0;
    long[] rawLatency = new long[ONE_WRITER_OPS];
    long[] storeLatency = new long[ONE_WRITER_OPS];
    try (RawForceLoop raw = new RawForceLoop(dir.resolve("raw.bin"), recordBytes);
        CheckpointStore store = FileStores.open(dir.resolve("store"))) {
      store.append(StoreRecords.record("warm", 1, PAYLOAD));
      long forces = forces(store);
      for (int b = 0; b < ONE_WRITER_OPS / BLOCK; b++) {
        for (int half = 0; half < 2; half++) {
          long start = System.nanoTime();
          if ((b + half) % 2 == 0) {
            for (int i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
              long t = System.nanoTime();
              raw.append();
              rawLatency[i] = System.nanoTime() - t;
            }
            rawNanos += System.nanoTime() - start;
          } else {
            for (int i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
              long t = System.nanoTime();
              store.append(records.get(i));
              storeLatency[i] = System.nanoTime() - t;
            }
            storeNanos += System.nanoTime() - start;
          }
        }
      }
      forcesPerAppend[0] = (forces(store) - forces) / (double) ONE_WRITER_OPS;
    }
    figures[0] = ONE_WRITER_OPS / (rawNanos / 1e9);
    figures[1] = ONE_WRITER_OPS / (storeNanos / 1e9);
    figures[4] = median(rawLatency) / median(storeLatency);
  }

  /** Append from 32 threads, each on its own session, for a fixed time; return appends per second. */
  private static double manyWriters(Path dir, double[] forcesPerAppend) throws Exception {
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(StoreRecords.record("warm", 1, PAYLOAD));
      long forces = forces(store);
      LongAdder appends = new LongAdder();
      double rate = Load.rate(WRITERS, MANY_WRITERS_NANOS, (w, n) -> {
        store.append(StoreRecords.record("writer-" + w, n + 1, PAYLOAD));
        appends.increment();
      });
      forcesPerAppend[1] = (forces(store) - forces) / (double) appends.sum();
      return rate;
    }
  }

  private static double reopen(Path dir) {
    Extras.buildReopenStore(dir);
    return Extras.reopenMillis(dir);
  }

  private static long forces(CheckpointStore store) {
    Long forces = store.stats().extra().get("forces");
    if (forces == null) {
      throw new IllegalStateException("the file store no longer reports its forces: " + store.stats().extra());
    }
    return forces;
  }
}
