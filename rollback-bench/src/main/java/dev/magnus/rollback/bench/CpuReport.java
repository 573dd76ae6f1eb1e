package dev.magnus.rollback.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Write {@link CpuCompare}'s rounds as Markdown: the targets of issue 19 as ratios (medians of the
 * ratios within each round) of CPU time, with the wall-time and allocation ratios beside them, then
 * every figure's median. Stateless.
 */
final class CpuReport {
  private CpuReport() {}

  /** A target: {@code figure} over {@code floor} at most {@code goal}. */
  private record Target(String label, String figure, String floor, double goal) {}

  private static final List<Target> TARGETS = List.of(
      new Target("update one attribute + checkpoint, memory store, vs encode + SHA-256", "update+checkpoint",
          "floor.snapshot", 1.6),
      new Target("checkpoint alone, memory store, vs the same floor", "checkpoint", "floor.snapshot", 1.3),
      new Target("memory rollback vs its floor (hash + parse + 2 x encode + SHA-256)", "rollback", "floor.rollback", 1.5));

  static String markdown(Compare.Plan plan, List<Map<String, CpuCompare.Cost>> rounds, String loadBefore,
      String loadAfter, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append(Report.f("## CPU per operation (%s: %d rounds, %.1f s per figure)%n%n", plan.quick() ? "quick" : "full",
        rounds.size(), plan.cpuNanos() / 1e9));
    b.append(Report.f("%d processors, Java %s, load average %s before and %s after; %.0f s in all. One thread, memory "
        + "store, MEDIUM state (60 attributes), default configuration.%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), loadBefore, loadAfter, seconds));
    b.append("| target | CPU time | goal | verdict | wall time | bytes allocated |\n|---|---:|---:|---|---:|---:|\n");
    for (Target t : TARGETS) {
      double cpu = ratio(rounds, t, CpuCompare.Cost::cpuNanos);
      b.append(Report.f("| %s | %.2fx | ≤ %.1fx | %s | %.2fx | %.2fx |%n", t.label(), cpu, t.goal(),
          cpu <= t.goal() ? "met" : "**missed**", ratio(rounds, t, CpuCompare.Cost::wallNanos),
          ratio(rounds, t, CpuCompare.Cost::bytes)));
    }
    b.append("\n| figure | CPU µs/op (median) | wall µs/op | bytes/op |\n|---|---:|---:|---:|\n");
    for (String key : rounds.get(0).keySet()) {
      b.append(Report.f("| %s | %.2f | %.2f | %,.0f |%n", key, median(rounds, r -> r.get(key).cpuNanos()) / 1e3,
          median(rounds, r -> r.get(key).wallNanos()) / 1e3, median(rounds, r -> r.get(key).bytes())));
    }
    return b.toString();
  }

  private static double ratio(List<Map<String, CpuCompare.Cost>> rounds, Target t,
      ToDoubleFunction<CpuCompare.Cost> of) {
    return median(rounds, r -> of.applyAsDouble(r.get(t.figure())) / of.applyAsDouble(r.get(t.floor())));
  }

  static double median(List<Map<String, CpuCompare.Cost>> rounds, ToDoubleFunction<Map<String, CpuCompare.Cost>> of) {
    List<Double> values = new ArrayList<>();
    rounds.forEach(r -> values.add(of.applyAsDouble(r)));
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
