package dev.magnus.rollback.bench;

import dev.magnus.rollback.metrics.micrometer.RollbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measure what rollback-metrics-micrometer costs: checkpoint throughput through the engine on the memory
 * store (MEDIUM state, default configuration) with {@code RollbackMetrics} given to the builder as a plugin
 * (observer, store timers, gauges; a {@code SimpleMeterRegistry}, percentile histograms on) against the
 * same engine without it, with 1 and 32 sessions. Rounds, warm-up, interleaving and medians as in
 * {@link Compare}: each round runs every cell, starting at a different one, and the ratio is computed
 * within each round before the median is taken, so both sides of a ratio ran seconds apart.
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.MetricsCompare
 * [--quick] [--rounds N] [--out DIR]}; the report goes to {@code DIR/metrics[-quick].md}.
 */
public final class MetricsCompare {
  /** The concurrent sessions (writer threads) measured. */
  static final int[] SESSIONS = {1, 32};

  private MetricsCompare() {}

  /**
   * Run the comparison.
   *
   * @param args {@code --quick}, {@code --rounds N}, {@code --out DIR}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    CompareArgs parsed = CompareArgs.parse("MetricsCompare", args);
    System.out.println(run(parsed.plan(), parsed.out()));
  }

  static String key(boolean metered, int sessions) {
    return "memory.checkpoint." + (metered ? "metrics" : "plain") + "." + sessions;
  }

  static List<Cells.Cell> cells() {
    List<Cells.Cell> cells = new ArrayList<>();
    for (int n : SESSIONS) {
      for (boolean metered : new boolean[] {false, true}) {
        cells.add(new Cells.Cell(key(metered, n), "memory store via engine, checkpoint, " + n + " sessions, "
            + (metered ? "metrics bound" : "no metrics"), Cells.Unit.PER_SECOND, false, nanos -> rate(metered, n, nanos)));
      }
    }
    return cells;
  }

  private static double rate(boolean metered, int sessions, long nanos) throws Exception {
    try (EngineRig rig = metered
        ? EngineRig.memoryWith(RollbackMetrics.of(new SimpleMeterRegistry()), BenchStates.Size.MEDIUM, sessions)
        : EngineRig.memory(BenchStates.Size.MEDIUM, sessions)) {
      Load.rate(sessions, nanos / 5, (w, n) -> rig.checkpoint(w));
      return Load.rate(sessions, nanos, (w, n) -> rig.checkpoint(w));
    }
  }

  static String run(Compare.Plan plan, Path out) throws Exception {
    long started = System.nanoTime();
    String loadBefore = Compare.load();
    List<Cells.Cell> all = cells();
    Report report = Compare.rounds(all, plan);
    String text = markdown(plan, report, loadBefore, (System.nanoTime() - started) / 1e9);
    Files.createDirectories(out);
    Files.writeString(out.resolve("metrics" + (plan.quick() ? "-quick" : "") + ".md"), text);
    return text;
  }

  static String markdown(Compare.Plan plan, Report r, String loadBefore, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append(Report.f("## Metrics overhead (%s: %d rounds, %.1f s per figure)%n%n", plan.quick() ? "quick" : "full",
        plan.rounds(), plan.cpuNanos() / 1e9));
    b.append(Report.f("%d processors, Java %s, load average %s before and %s after; %.0f s in all. MEDIUM state, "
        + "default configuration, memory store; metrics: RollbackMetrics as a builder plugin on a "
        + "SimpleMeterRegistry.%n%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        loadBefore, Compare.load(), seconds));
    List<Report.Target> targets = new ArrayList<>();
    for (int n : SESSIONS) {
      double ratio = r.ratio(key(true, n), key(false, n));
      targets.add(new Report.Target(Report.f("checkpoints/s with metrics / without, %d session%s", n,
          n == 1 ? "" : "s"), Report.f("%.3fx (cost %.1f%%)", ratio, 100 * (1 - ratio)), "≥ 0.95x (cost ≤ 5%)",
          ratio >= 0.95));
    }
    b.append(Report.targets("metrics target", targets)).append('\n');
    b.append("All figures (median, min and max over the rounds):\n\n").append(r.figures());
    return b.toString();
  }
}
