package dev.magnus.rollback.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turn the per-round figures of a comparison into Markdown: medians, the DESIGN.md section 10
 * ratios (each the median of the ratios computed within each round, so both sides of a ratio were
 * measured minutes apart at most), the size figures and the chart's series. Not thread-safe.
 */
final class Report {
  private final List<Cells.Cell> cells;
  private final List<Map<String, Double>> rounds = new ArrayList<>();

  Report(List<Cells.Cell> cells) {
    this.cells = cells;
  }

  void add(Map<String, Double> round) {
    rounds.add(new LinkedHashMap<>(round));
  }

  /** The median of a figure over the rounds; NaN for a figure the run left out ({@code --only}). */
  double median(String key) {
    return median(r -> r.getOrDefault(key, Double.NaN));
  }

  /** The median over rounds of a figure computed from each round. */
  double median(ToDoubleFunction<Map<String, Double>> perRound) {
    double[] v = rounds.stream().mapToDouble(perRound).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  double ratio(String numerator, String denominator) {
    return median(r -> r.getOrDefault(numerator, Double.NaN) / r.getOrDefault(denominator, Double.NaN));
  }

  String figures() {
    StringBuilder b = new StringBuilder();
    b.append("| figure | median | min | max |\n|---|---:|---:|---:|\n");
    for (Cells.Cell c : cells) {
      double[] all = rounds.stream().mapToDouble(r -> r.get(c.key())).toArray();
      b.append(f("| %s | %s %s | %s | %s |%n", c.label(), num(median(c.key())), c.unit().label,
          num(Arrays.stream(all).min().orElse(Double.NaN)), num(Arrays.stream(all).max().orElse(Double.NaN))));
    }
    return b.toString();
  }

  String sessionsTable(Map<String, String> stores) {
    StringBuilder b = new StringBuilder("| checkpoints/s (median) |");
    for (int n : Cells.SESSIONS) {
      b.append(' ').append(n).append(n == 1 ? " session |" : " sessions |");
    }
    b.append("\n|---|").append("---:|".repeat(Cells.SESSIONS.length)).append('\n');
    stores.forEach((prefix, name) -> {
      b.append("| ").append(name).append(" |");
      for (int n : Cells.SESSIONS) {
        b.append(' ').append(num(median(prefix + n))).append(" |");
      }
      b.append('\n');
    });
    return b.toString();
  }

  /** One row of the targets table. */
  record Target(String what, String measured, String goal, boolean met) {}

  static String targets(List<Target> targets) {
    return targets("DESIGN §10 target", targets);
  }

  static String targets(String heading, List<Target> targets) {
    StringBuilder b = new StringBuilder("| " + heading + " | measured | goal | verdict |\n|---|---:|---:|---|\n");
    for (Target t : targets) {
      b.append(f("| %s | %s | %s | %s |%n", t.what(), t.measured(), t.goal(), t.met() ? "met" : "**missed**"));
    }
    return b.toString();
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Math.abs(v) >= 100) {
      return f("%,.0f", v);
    }
    return Math.abs(v) >= 10 ? f("%.1f", v) : f("%.2f", v);
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
