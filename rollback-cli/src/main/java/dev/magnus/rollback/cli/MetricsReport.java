package dev.magnus.rollback.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/*
 * Print the meters of `rollback demo --metrics`: every gauge, and every counter, timer and summary
 * that moved, one line each, sorted by name and tags; timers in milliseconds (count, mean, max),
 * summaries in their base unit. Stateless.
 */
final class MetricsReport {
  private MetricsReport() {}

  static void print(MeterRegistry registry, Printer out) {
    List<Meter> shown = registry.getMeters().stream().filter(MetricsReport::moved)
        .sorted(Comparator.comparing(MetricsReport::name)).toList();
    out.step("metrics", shown.size() + " of " + registry.getMeters().size() + " meters moved or are gauges "
        + "(rollback-metrics-micrometer; the README lists them all)");
    for (Meter m : shown) {
      out.detail(String.format(Locale.ROOT, "%-88s %s", name(m), value(m)));
    }
  }

  private static boolean moved(Meter m) {
    if (m instanceof Counter c) {
      return c.count() > 0;
    }
    if (m instanceof Timer t) {
      return t.count() > 0;
    }
    if (m instanceof DistributionSummary s) {
      return s.count() > 0;
    }
    return m instanceof Gauge;
  }

  private static String name(Meter m) {
    String tags = m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
        .collect(Collectors.joining(","));
    return m.getId().getName() + (tags.isEmpty() ? "" : "{" + tags + "}");
  }

  private static String value(Meter m) {
    if (m instanceof Counter c) {
      return String.format(Locale.ROOT, "counter  %.0f", c.count());
    }
    if (m instanceof Timer t) {
      return String.format(Locale.ROOT, "timer    count=%d mean=%.3fms max=%.3fms", t.count(),
          t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS));
    }
    if (m instanceof DistributionSummary s) {
      String unit = s.getId().getBaseUnit() == null ? "" : " " + s.getId().getBaseUnit();
      return String.format(Locale.ROOT, "summary  count=%d mean=%.1f%s max=%.0f%s", s.count(), s.mean(), unit,
          s.max(), unit);
    }
    return String.format(Locale.ROOT, "gauge    %.0f", ((Gauge) m).value());
  }
}
