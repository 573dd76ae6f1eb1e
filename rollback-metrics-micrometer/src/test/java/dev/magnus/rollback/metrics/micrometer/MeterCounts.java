package dev.magnus.rollback.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What moved on a registry between two moments: each counter's, timer's and summary's count, by id. */
final class MeterCounts {
  private MeterCounts() {}

  /** Return every counting meter's count, keyed {@code name{k=v,...}} with the tags sorted. */
  static Map<String, Double> of(MeterRegistry registry) {
    Map<String, Double> counts = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      if (meter instanceof Counter c) {
        counts.put(key(meter.getId()), c.count());
      } else if (meter instanceof Timer t) {
        counts.put(key(meter.getId()), (double) t.count());
      } else if (meter instanceof DistributionSummary s) {
        counts.put(key(meter.getId()), (double) s.count());
      }
    }
    return counts;
  }

  /** Return the meters whose count changed from {@code before}, with the change. */
  static Map<String, Double> moved(Map<String, Double> before, MeterRegistry registry) {
    Map<String, Double> moved = new TreeMap<>();
    of(registry).forEach((k, v) -> {
      double delta = v - before.getOrDefault(k, 0.0);
      if (delta != 0) {
        moved.put(k, delta);
      }
    });
    return moved;
  }

  static String key(Meter.Id id) {
    return id.getName() + id.getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  static String key(String name, String... tags) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      sorted.put(tags[i], tags[i + 1]);
    }
    return name + sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
