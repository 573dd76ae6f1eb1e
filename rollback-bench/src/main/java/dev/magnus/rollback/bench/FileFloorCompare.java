package dev.magnus.rollback.bench;

import dev.magnus.rollback.store.file.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The file store's rows of issue 19 by themselves, measured <em>interleaved</em> so that a shared,
 * noisy disk reaches every figure alike: the 1-writer figures (raw append+force on a growing and on a
 * preallocated file, the file store through the engine with 1 session, SQLite WAL FULL with 1 writer)
 * run in alternating blocks of {@link #BLOCK} operations, all open at once on one directory; the
 * many-writer figures (the file store with 32 sessions and with 1, SQLite with 32 writers) run in
 * alternating slices of {@link #SLICE_NANOS}. Each round gives each figure its operations over its
 * own time; a ratio is the median over the rounds of the ratios within each round.
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.FileFloorCompare
 * [--rounds N] [--seconds S]} (defaults 5 rounds of 4 s per group). It prints one line of ratios per
 * round, then the medians with the load average before and after. Not thread-safe; one run per JVM.
 */
public final class FileFloorCompare {
  private static final int BLOCK = 20;
  private static final long SLICE_NANOS = 400_000_000L;
  private static final int MANY = 32;
  private static final String[] RATIOS = {"file1/sqlite1", "file1/raw", "file1/rawPrealloc", "rawPrealloc/raw",
      "file32/file1", "file32/sqlite32"};

  private FileFloorCompare() {}

  /**
   * Run the rounds and print them.
   *
   * @param args {@code --rounds N}, {@code --seconds S}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = 5;
    double seconds = 4;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: FileFloorCompare [--rounds N] [--seconds S]");
      }
    }
    System.out.println(run(rounds, (long) (seconds * 1e9)));
  }

  static String run(int rounds, long nanos) throws Exception {
    String loadBefore = Compare.load();
    Path base = TempDirs.create("rollback-file-floor-");
    try {
      int recordBytes = FileStoreThroughput.recordBytes(base.resolve("record-bytes"));
      byte[] payload = new Floor().encode(BenchStates.state("floor", BenchStates.Size.MEDIUM, 0));
      double[][] ratios = new double[rounds][];
      round(base.resolve("warm-up"), recordBytes, payload, nanos / 4);
      for (int r = 0; r < rounds; r++) {
        ratios[r] = round(base.resolve("round-" + r), recordBytes, payload, nanos);
        System.out.println(f("round %d: %s", r + 1, line(ratios[r])));
      }
      StringBuilder b = new StringBuilder(f("load average %s before, %s after; %d rounds of %.1f s per group; record "
          + "%d bytes; medians of the per-round ratios:%n", loadBefore, Compare.load(), rounds, nanos / 1e9, recordBytes));
      for (int k = 0; k < RATIOS.length; k++) {
        int col = k;
        double[] v = Arrays.stream(ratios).mapToDouble(x -> x[col]).sorted().toArray();
        b.append(f("  %-18s %6.2fx  (min %.2f, max %.2f)%n", RATIOS[k], median(v), v[0], v[v.length - 1]));
      }
      return b.toString();
    } finally {
      TempDirs.delete(base);
    }
  }

  /** One round: both groups; return the ratios in the order of {@link #RATIOS}. */
  private static double[] round(Path dir, int recordBytes, byte[] payload, long nanos) throws Exception {
    Files.createDirectories(dir);
    try {
      double[] one = oneWriter(dir, recordBytes, payload, nanos);
      double[] many = manyWriters(dir, payload, nanos);
      return new double[] {one[2] / one[3], one[2] / one[0], one[2] / one[1], one[1] / one[0], many[0] / many[1],
          many[0] / many[2]};
    } finally {
      TempDirs.delete(dir);
    }
  }

  /** Rates of raw growing, raw preallocated, file store 1 session, SQLite 1 writer, in alternating blocks. */
  private static double[] oneWriter(Path dir, int recordBytes, byte[] payload, long nanos) throws Exception {
    long[] next = new long[1];
    try (RawForceLoop raw = new RawForceLoop(dir.resolve("raw.bin"), recordBytes);
        RawForceLoop pre = new RawForceLoop(dir.resolve("pre.bin"), recordBytes, 1 << 20);
        EngineRig rig = EngineRig.file(dir.resolve("file1"), FsyncPolicy.ALWAYS, BenchStates.Size.MEDIUM, 1);
        SqliteBaseline db = SqliteBaseline.open(dir.resolve("one.db"))) {
      List<Load.Op> ops = List.of((w, n) -> raw.append(), (w, n) -> pre.append(), (w, n) -> rig.checkpoint(0),
          (w, n) -> db.append(new BenchRecord("r" + next[0], "s", ++next[0], "USER_REQUESTED", payload)));
      long[] spent = new long[ops.size()];
      long[] done = new long[ops.size()];
      long end = System.nanoTime() + nanos;
      for (int turn = 0; System.nanoTime() < end; turn++) {
        int k = turn % ops.size();
        long t = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
          ops.get(k).run(0, done[k]++);
        }
        spent[k] += System.nanoTime() - t;
      }
      double[] rates = new double[ops.size()];
      for (int k = 0; k < rates.length; k++) {
        rates[k] = done[k] / (spent[k] / 1e9);
      }
      return rates;
    }
  }

  /** Rates of the file store with 32 sessions and with 1, and SQLite with 32 writers, in alternating slices. */
  private static double[] manyWriters(Path dir, byte[] payload, long nanos) throws Exception {
    long[] next = new long[MANY];
    try (EngineRig many = EngineRig.file(dir.resolve("file32"), FsyncPolicy.ALWAYS, BenchStates.Size.MEDIUM, MANY);
        EngineRig one = EngineRig.file(dir.resolve("file1b"), FsyncPolicy.ALWAYS, BenchStates.Size.MEDIUM, 1);
        SqliteBaseline db = SqliteBaseline.open(dir.resolve("many.db"))) {
      List<Load.Op> ops = new ArrayList<>(List.of((w, n) -> many.checkpoint(w), (w, n) -> one.checkpoint(0),
          (w, n) -> db.append(new BenchRecord("w" + w + "-" + next[w], "session-" + w, ++next[w], "USER_REQUESTED",
              payload))));
      int[] threads = {MANY, 1, MANY};
      double[] sum = new double[ops.size()];
      int[] slices = new int[ops.size()];
      long end = System.nanoTime() + 2 * nanos;
      for (int turn = 0; System.nanoTime() < end || turn % ops.size() != 0; turn++) {
        int k = turn % ops.size();
        sum[k] += Load.rate(threads[k], SLICE_NANOS, ops.get(k));
        slices[k]++;
      }
      return new double[] {sum[0] / slices[0], sum[1] / slices[1], sum[2] / slices[2]};
    }
  }

  private static String line(double[] ratios) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < RATIOS.length; k++) {
      b.append(f("%s %.2f  ", RATIOS[k], ratios[k]));
    }
    return b.toString().trim();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
