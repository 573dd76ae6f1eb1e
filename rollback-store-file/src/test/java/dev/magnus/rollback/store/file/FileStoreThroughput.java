package dev.magnus.rollback.store.file;

import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measure the file store against a raw append+force loop on one directory, policy always (a
 * benchmark main, not a test). Arguments: {@code [directory] [rounds]}; run it with the test class
 * path after {@code mvn -pl rollback-store-file -am test-compile}.
 *
 * <p>Each round measures, in a rotating order so that drift on a shared machine hits every figure
 * alike: the raw loop (positional write of a record as long as the store's, then
 * {@code force(false)}, to a file that grows like a segment) paired with the store with one
 * writer, the store with 32 writers on 32 sessions, and reopening 10,000 checkpoints. The raw loop
 * and the one writer alternate in blocks of {@link #BLOCK} appends on the same directory, so both
 * see the same disk; their ratio is the sum of the raw blocks' time over the sum of the store's,
 * and the ratio of the median latencies of single appends (robust to the stalls of a shared disk). It
 * prints every round, then the median of each figure and the median of the per-round ratios of
 * DESIGN.md section 10. An uncounted warm-up round runs first, so that the rounds measure compiled
 * code.
 */
final class FileStoreThroughput {
  private static final int PAYLOAD = 4500;
  private static final int ONE_WRITER_OPS = 1000;
  private static final int BLOCK = 50;
  private static final int WRITERS = 32;
  private static final int PER_WRITER = 100;
  private static final int REOPEN_CHECKPOINTS = 10_000;
  private static final int DEFAULT_ROUNDS = 5;
  private static final String[] NAMES = {"one", "many", "reopen"};

  private FileStoreThroughput() {}

  public static void main(String[] args) throws Exception {
    Path parent = args.length > 0 ? Path.of(args[0]) : Path.of(".");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
    Path base = Files.createTempDirectory(parent, "throughput");
    double[][] figures = new double[rounds][5];
    double[][] forcesPerAppend = new double[rounds][2];
    try {
      warmUp(base.resolve("warm-up"));
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < NAMES.length; k++) {
          int which = (r + k) % NAMES.length;
          Path dir = base.resolve(NAMES[which] + "-" + r);
          switch (which) {
            case 0 -> rawAndOneWriter(dir, figures[r], forcesPerAppend[r]);
            case 1 -> figures[r][2] = manyWriters(dir, forcesPerAppend[r]);
            default -> figures[r][3] = reopen(dir);
          }
          delete(dir);
        }
        double[] f = figures[r];
        System.out.printf("round %d: raw %6.0f/s  1 writer %6.0f/s (%.2fx raw, median latency %.2fx, %.2f forces/append)  "
            + "%d writers %6.0f/s (%.1fx one, %.3f forces/append)  reopen %4.0f ms%n", r + 1, f[0], f[1], f[1] / f[0],
            f[4], forcesPerAppend[r][0], WRITERS, f[2], f[2] / f[1], forcesPerAppend[r][1], f[3]);
      }
      summarize(figures);
    } finally {
      delete(base);
    }
  }

  /** Run every figure once, uncounted, so that the rounds measure compiled code. */
  private static void warmUp(Path dir) throws Exception {
    double[] ignored = new double[5];
    rawAndOneWriter(dir.resolve("one"), ignored, ignored);
    manyWriters(dir.resolve("many"), ignored);
    reopen(dir.resolve("reopen"));
    delete(dir);
  }

  private static void summarize(double[][] figures) {
    double raw = median(figures, f -> f[0]);
    double one = median(figures, f -> f[1]);
    double many = median(figures, f -> f[2]);
    System.out.printf("medians of %d rounds, policy always, %d-byte payloads:%n", figures.length, PAYLOAD);
    System.out.printf("  raw append+force:         %8.0f appends/s%n", raw);
    System.out.printf("  file store, 1 writer:     %8.0f appends/s  ratio to raw %.2fx (median of rounds %.2fx; "
        + "target >= 0.8x)%n", one, one / raw, median(figures, f -> f[1] / f[0]));
    System.out.printf("    median raw latency / median store latency: %.2fx (median of rounds)%n",
        median(figures, f -> f[4]));
    System.out.printf("  file store, %d writers:   %8.0f appends/s  ratio to 1 writer %.1fx (median of rounds %.1fx; "
        + "target >= 10x)%n", WRITERS, many, many / one, median(figures, f -> f[2] / f[1]));
    System.out.printf("  reopen %d checkpoints:   %8.0f ms (target <= 1000 ms)%n", REOPEN_CHECKPOINTS,
        median(figures, f -> f[3]));
  }

  private static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static double median(double[][] figures, java.util.function.ToDoubleFunction<double[]> pick) {
    double[] v = Arrays.stream(figures).mapToDouble(pick).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Alternate blocks of the raw loop and of the store with one writer; put their rates in
   * {@code figures[0]} and {@code figures[1]}. The raw loop appends records as long as the store's
   * to a growing file and forces after each, as a segment grows.
   */
  private static void rawAndOneWriter(Path dir, double[] figures, double[] forcesPerAppend) throws IOException {
    Files.createDirectories(dir);
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 1; i <= ONE_WRITER_OPS; i++) {
      records.add(Fixtures.record("one", i, PAYLOAD));
    }
    int length = Format.RECORD_HEADER_SIZE + Codec.checkpoint(records.get(0).checkpoint()).length + PAYLOAD;
    ByteBuffer raw = ByteBuffer.wrap(Fixtures.payload("raw", 1, length));
    long rawNanos = 0;
    long storeNanos = 0;
    long[] rawLatency = new long[ONE_WRITER_OPS];
    long[] storeLatency = new long[ONE_WRITER_OPS];
    try (FileChannel ch = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE); CheckpointStore store = FileStores.open(dir.resolve("store"))) {
      long at = ch.write(ByteBuffer.allocate(Format.FILE_HEADER_SIZE), 0);
      ch.force(true);
      store.append(Fixtures.record("warm", 1, PAYLOAD));
      long forces = store.stats().extra().get("forces");
      for (int b = 0; b < ONE_WRITER_OPS / BLOCK; b++) {
        for (int half = 0; half < 2; half++) {
          long start = System.nanoTime();
          if ((b + half) % 2 == 0) {
            for (int i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
              long t = System.nanoTime();
              at += ch.write(raw.rewind(), at);
              ch.force(false);
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
      forcesPerAppend[0] = (store.stats().extra().get("forces") - forces) / (double) ONE_WRITER_OPS;
    }
    figures[0] = ONE_WRITER_OPS / (rawNanos / 1e9);
    figures[1] = ONE_WRITER_OPS / (storeNanos / 1e9);
    figures[4] = median(rawLatency) / median(storeLatency);
  }

  private static double manyWriters(Path dir, double[] forcesPerAppend) throws Exception {
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(Fixtures.record("warm", 1, PAYLOAD));
      long forces = store.stats().extra().get("forces");
      double rate = appendConcurrently(store, WRITERS, PER_WRITER);
      forcesPerAppend[1] = (store.stats().extra().get("forces") - forces) / (double) (WRITERS * PER_WRITER);
      return rate;
    }
  }

  private static double appendConcurrently(CheckpointStore store, int writers, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<List<CheckpointRecord>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      List<CheckpointRecord> mine = new ArrayList<>();
      for (int i = 1; i <= each; i++) {
        mine.add(Fixtures.record("writer-" + w, i, PAYLOAD));
      }
      work.add(mine);
    }
    try {
      CountDownLatch ready = new CountDownLatch(writers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (List<CheckpointRecord> mine : work) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          mine.forEach(store::append);
          return null;
        }));
      }
      ready.await();
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
      return writers * (double) each / seconds(start);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double reopen(Path dir) throws Exception {
    try (CheckpointStore store = FileStores.open(dir)) {
      appendConcurrently(store, 50, REOPEN_CHECKPOINTS / 50);
    }
    long start = System.nanoTime();
    try (CheckpointStore store = FileStores.open(dir)) {
      double ms = seconds(start) * 1000;
      if (store.stats().checkpoints() != REOPEN_CHECKPOINTS) {
        throw new IllegalStateException("reopened " + store.stats().checkpoints() + " checkpoints");
      }
      return ms;
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
