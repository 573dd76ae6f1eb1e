package dev.magnus.rollback.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Register this module's meters on one registry with the common tags, in the shapes the README promises:
 * timers with percentile histograms from 1 µs to 30 s (checkpoint writes in memory take microseconds,
 * forces and recoveries milliseconds to seconds), byte summaries with the base unit {@code bytes}.
 * Immutable; Micrometer's registries are thread-safe.
 */
final class MeterFactory {
  private static final Duration MIN = Duration.ofNanos(1_000);
  private static final Duration MAX = Duration.ofSeconds(30);

  private final MeterRegistry registry;
  private final Tags common;

  MeterFactory(MeterRegistry registry, Tags common) {
    this.registry = registry;
    this.common = common;
  }

  MeterRegistry registry() {
    return registry;
  }

  Tags common() {
    return common;
  }

  Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(common).tags(tags).register(registry);
  }

  Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(common).tags(tags).publishPercentileHistogram()
        .minimumExpectedValue(MIN).maximumExpectedValue(MAX).distributionStatisticBufferLength(1).register(registry);
  }

  DistributionSummary bytes(String name, String description, String... tags) {
    return DistributionSummary.builder(name).description(description).baseUnit("bytes").tags(common).tags(tags)
        .register(registry);
  }

  DistributionSummary summary(String name, String description, String unit, String... tags) {
    return DistributionSummary.builder(name).description(description).baseUnit(unit).tags(common).tags(tags)
        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1024.0)
        .distributionStatisticBufferLength(1).register(registry);
  }
}
