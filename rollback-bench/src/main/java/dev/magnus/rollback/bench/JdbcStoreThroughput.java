package dev.magnus.rollback.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Measure the PostgreSQL store against the server named by {@code ROLLBACK_JDBC_URL},
 * {@code ROLLBACK_JDBC_USER} and {@code ROLLBACK_JDBC_PASSWORD} ({@code . .ci/postgres} starts one
 * and exports them), side by side with raw inserts into the same server (DESIGN.md section 10):
 * the store with 1 writer on 1 session against a raw single-row {@code INSERT} + commit loop on one
 * connection (alternating in blocks of {@value JdbcRig#BLOCK}, so both see the same moments of a shared
 * machine), and the store with 32 writers on 32 sessions against 32 connections doing raw inserts;
 * also 32 sessions each keeping its last {@value JdbcRig#KEPT} checkpoints (every append then deletes one,
 * in the same transaction), the append with the tombstone lineage check on and a rejected append
 * ({@link JdbcRig}).
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.JdbcStoreThroughput
 * [--rounds N] [--seconds S]} (default 7 rounds of 2 s per figure). An uncounted warm-up round runs
 * first; then each round runs every figure once, in an order rotated by one each round, so drift on a
 * shared machine reaches every figure alike. Each ratio is taken within a round; the summary prints the
 * median of each figure and of each ratio, the client and server CPU time per operation of the two
 * 32-writer figures ({@link CpuMeter}), the load average before and after, and the sizes of the
 * store's group-commit batches (from its stats). Not thread-safe; one run per JVM.
 */
public final class JdbcStoreThroughput {
  /** What each round runs; the first gives two figures (raw and store, 1 writer, alternating). */
  private static final List<String> RUNS = List.of("one writer", "raw.32", "store.32", "store.lineage", "store.rejected",
      "store.32.retention");

  private JdbcStoreThroughput() {}

  /**
   * Run the rounds and print them; exit 2 when no server is named.
   *
   * @param args {@code --rounds N}, {@code --seconds S}
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int rounds = 7;
    double seconds = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: JdbcStoreThroughput [--rounds N] [--seconds S]");
      }
    }
    String url = System.getenv("ROLLBACK_JDBC_URL");
    if (url == null || url.isBlank()) {
      System.err.println("ROLLBACK_JDBC_URL is not set: name a PostgreSQL server with ROLLBACK_JDBC_URL, "
          + "ROLLBACK_JDBC_USER and ROLLBACK_JDBC_PASSWORD (. .ci/postgres starts one and exports them)");
      System.exit(2);
    }
    run(url, rounds, (long) (seconds * 1e9));
  }

  private static void run(String url, int rounds, long nanos) throws Exception {
    long started = System.nanoTime();
    String loadBefore = Compare.load();
    Map<String, Map<String, Long>> batches = new LinkedHashMap<>();
    try (JdbcRig rig = new JdbcRig(url)) {
      System.out.println("warm-up round (not counted)");
      round(rig, -1, Math.max(nanos / 2, 200_000_000L), new LinkedHashMap<>());
      double[][] figures = new double[rounds][];
      for (int r = 0; r < rounds; r++) {
        figures[r] = round(rig, r, nanos, batches);
        printRound(r, figures[r]);
      }
      summarize(figures, batches, loadBefore, (System.nanoTime() - started) / 1e9, nanos);
    }
  }

  /** Run every figure once, starting at a rotated position; count the batch sizes each store figure saw. */
  private static double[] round(JdbcRig rig, int r, long nanos, Map<String, Map<String, Long>> batches) throws Exception {
    double[] f = new double[11];
    String tag = "r" + (r + 1);
    for (int k = 0; k < RUNS.size(); k++) {
      int which = Math.floorMod(r + k, RUNS.size());
      Map<String, Long> before = rig.batchCounters();
      switch (which) {
        case 0 -> {
          double[] pair = rig.alternating(nanos, tag);
          f[0] = pair[0];
          f[2] = pair[1];
        }
        case 1 -> f[1] = withCpu(f, 6, () -> rig.raw(JdbcRig.WRITERS, nanos, tag + "-many"));
        case 2 -> f[3] = withCpu(f, 8, () -> rig.appends(JdbcRig.WRITERS, nanos, tag + "-many"));
        case 3 -> f[4] = rig.lineage(nanos, tag);
        case 4 -> f[5] = rig.rejected(nanos, tag);
        default -> f[10] = rig.appendsKeepingLast(JdbcRig.WRITERS, nanos);
      }
      Map<String, Long> seen = batches.computeIfAbsent(RUNS.get(which), x -> new TreeMap<>());
      rig.batchCounters().forEach((key, v) -> seen.merge(key, v - before.getOrDefault(key, 0L), Long::sum));
    }
    return f;
  }

  /** A figure whose rate producer can fail. */
  @FunctionalInterface
  private interface Figure {
    double rate() throws Exception;
  }

  /** Run a figure; put its client and server CPU microseconds per operation at {@code f[at]}, {@code f[at + 1]}. */
  private static double withCpu(double[] f, int at, Figure figure) throws Exception {
    CpuMeter.Reading start = CpuMeter.read();
    long t0 = System.nanoTime();
    double rate = figure.rate();
    double[] perOp = CpuMeter.read().perOp(start, rate * (System.nanoTime() - t0) / 1e9);
    f[at] = perOp[0];
    f[at + 1] = perOp[1];
    return rate;
  }

  private static void printRound(int r, double[] f) {
    System.out.printf("round %d: raw 1 conn %6.0f/s, 32 conns %6.0f/s | store 1 session %6.0f/s (%.2fx raw), "
        + "32 sessions %6.0f/s (%.2fx raw 32, %.1fx store 1), keeping %d each %6.0f/s (%.2fx raw 32) | lineage on "
        + "%6.0f/s, rejected %6.0f/s, load %s%n", r + 1, f[0], f[1], f[2], f[2] / f[0], f[3], f[3] / f[1], f[3] / f[2],
        JdbcRig.KEPT, f[10], f[10] / f[1], f[4], f[5], Compare.load());
  }

  private static void summarize(double[][] figures, Map<String, Map<String, Long>> batches, String loadBefore,
      double seconds, long nanos) {
    System.out.printf("%nmedians of %d rounds (%.1f s per figure, %d-byte payloads), %d processors, load average %s "
        + "before and %s after, %.0f s in all:%n", figures.length, nanos / 1e9, JdbcRig.PAYLOAD,
        Runtime.getRuntime().availableProcessors(), loadBefore, Compare.load(), seconds);
    String[] labels = {"raw INSERT + commit, 1 connection", "raw INSERT + commit, 32 connections",
        "store append, 1 writer, 1 session", "store append, 32 writers, 32 sessions",
        "store append after a deletion (lineage check on)", "rejected append (conflict + winner lookup)",
        "store append, 32 sessions keeping their last " + JdbcRig.KEPT};
    int[] at = {0, 1, 2, 3, 4, 5, 10}; // where each labelled figure sits in a round's array
    for (int i = 0; i < labels.length; i++) {
      int k = at[i];
      double rate = median(figures, f -> f[k]);
      System.out.printf("  %-50s %8.0f /s  %7.3f ms each%n", labels[i], rate, 1000 / rate);
    }
    double one = median(figures, f -> f[2] / f[0]);
    double many = median(figures, f -> f[3] / f[1]);
    System.out.printf("  ratio store 1 session / raw 1 connection      %.2fx (target >= 0.8x: %s)%n", one,
        one >= 0.8 ? "met" : "missed");
    System.out.printf("  ratio store 32 sessions / raw 32 connections  %.2fx (target >= 2x: %s)%n", many,
        many >= 2 ? "met" : "missed");
    System.out.printf("  ratio store 32 sessions / store 1 session     %.2fx%n", median(figures, f -> f[3] / f[2]));
    System.out.printf("  ratio store 32 sessions keeping their last %d / raw 32 connections  %.2fx%n", JdbcRig.KEPT,
        median(figures, f -> f[10] / f[1]));
    System.out.printf("  CPU per operation, client (this JVM) / server (postgres processes, -1: unknown): raw 32 "
        + "connections %.0f / %.0f us, store 32 sessions %.0f / %.0f us%n", median(figures, f -> f[6]),
        median(figures, f -> f[7]), median(figures, f -> f[8]), median(figures, f -> f[9]));
    batches.forEach((figure, counters) -> {
      if (!counters.isEmpty() && counters.values().stream().anyMatch(v -> v > 0)) {
        System.out.printf("  group-commit batches during %s: %s%n", figure, counters);
      }
    });
  }

  private static double median(double[][] figures, ToDoubleFunction<double[]> of) {
    double[] v = Arrays.stream(figures).mapToDouble(of).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
