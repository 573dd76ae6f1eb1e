package dev.magnus.rollback.bench;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Draw throughput against concurrent sessions as a small SVG line chart, one polyline per store.
 *
 * <p>Written by hand because the chart is four lines on two logarithmic axes: a charting library
 * would add a dependency tree (and AWT) to a module whose jar must stay lean and reproducible, for
 * forty lines of text. The y axis is logarithmic because the stores span three orders of magnitude
 * (memory versus fsync-bound). Stateless; thread-safe.
 */
public final class ThroughputChart {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int LEFT = 80;
  private static final int RIGHT = 180;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private ThroughputChart() {}

  /**
   * One line of the chart.
   *
   * @param name the store's name, shown in the legend
   * @param rates operations per second at each x value, positive
   */
  public record Series(String name, double[] rates) {
    /** Check the fields. */
    public Series {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(rates, "rates");
    }
  }

  /**
   * Render the chart.
   *
   * @param title the title
   * @param sessions the x values (concurrent sessions), ascending and positive
   * @param series the lines; each has one rate per x value
   * @return the SVG document
   */
  public static String svg(String title, int[] sessions, List<Series> series) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Series s : series) {
      if (s.rates().length != sessions.length) {
        throw new IllegalArgumentException("series " + s.name() + " has " + s.rates().length + " points, expected "
            + sessions.length);
      }
      for (double r : s.rates()) {
        min = Math.min(min, Math.max(r, 1));
        max = Math.max(max, r);
      }
    }
    double lo = Math.floor(Math.log10(min));
    double hi = Math.max(Math.ceil(Math.log10(Math.max(max, 10))), lo + 1);
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    b.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    b.append(f("<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
    axes(b, sessions, lo, hi);
    for (int i = 0; i < series.size(); i++) {
      line(b, series.get(i), i, sessions, lo, hi);
    }
    b.append("</svg>\n");
    return b.toString();
  }

  private static void axes(StringBuilder b, int[] sessions, double lo, double hi) {
    int plotBottom = HEIGHT - BOTTOM;
    int plotRight = WIDTH - RIGHT;
    b.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, plotBottom));
    b.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, plotBottom, plotRight,
        plotBottom));
    for (int e = (int) lo; e <= (int) hi; e++) {
      double y = y(Math.pow(10, e), lo, hi);
      b.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n", LEFT, y, plotRight, y));
      b.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, label(e)));
    }
    for (int s : sessions) {
      double x = x(s, sessions);
      b.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, plotBottom + 18, s));
    }
    b.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">concurrent sessions (writer threads)</text>%n",
        (LEFT + plotRight) / 2, HEIGHT - 12));
    b.append(f("<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">checkpoints per "
        + "second (log scale)</text>%n", (TOP + plotBottom) / 2, (TOP + plotBottom) / 2));
  }

  private static void line(StringBuilder b, Series s, int index, int[] sessions, double lo, double hi) {
    String color = COLORS[index % COLORS.length];
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < sessions.length; i++) {
      points.append(i == 0 ? "" : " ").append(f("%.1f,%.1f", x(sessions[i], sessions), y(s.rates()[i], lo, hi)));
    }
    b.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"><title>%s</title></polyline>%n",
        color, points, escape(s.name())));
    int legendY = TOP + 10 + index * 20;
    int legendX = WIDTH - RIGHT + 16;
    b.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n", legendX, legendY,
        legendX + 20, legendY, color));
    b.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", legendX + 26, legendY + 4, escape(s.name())));
  }

  private static double x(int sessions, int[] all) {
    double first = Math.log(all[0]);
    double span = Math.max(Math.log(all[all.length - 1]) - first, 1e-9);
    return LEFT + 20 + (WIDTH - RIGHT - LEFT - 40) * (Math.log(sessions) - first) / span;
  }

  private static double y(double rate, double lo, double hi) {
    double v = Math.log10(Math.max(rate, 1));
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (v - lo) / (hi - lo);
  }

  private static String label(int exponent) {
    double v = Math.pow(10, exponent);
    return v >= 1e6 ? f("%.0fM", v / 1e6) : v >= 1e3 ? f("%.0fk", v / 1e3) : f("%.0f", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
