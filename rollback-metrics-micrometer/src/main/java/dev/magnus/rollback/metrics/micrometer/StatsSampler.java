package dev.magnus.rollback.metrics.micrometer;

import dev.magnus.rollback.EngineStats;
import dev.magnus.rollback.SessionRollbackEngine;
import io.micrometer.core.instrument.Clock;
import java.lang.System.Logger.Level;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Serve the store gauges from {@code engine.stats()} taken at most once per refresh interval.
 *
 * <p>Why: {@code stats()} asks the store, which for a file or PostgreSQL store takes a lock or a round
 * trip; a registry scraped every few seconds by several scrapers must not call it each time. A scrape that
 * finds the sample older than the interval refreshes it, unless another scrape is already refreshing
 * ({@code tryLock}): that one reads the previous sample instead of waiting. A failing {@code stats()} (a
 * closed engine, a store outage) keeps the last sample, logged once per failure; before any sample the
 * gauges read NaN. Never touches a session's lock. Thread-safe: the sample is one volatile reference.
 */
final class StatsSampler {
  private static final System.Logger LOG = System.getLogger(StatsSampler.class.getName());

  private final SessionRollbackEngine engine;
  private final Clock clock;
  private final long refreshNanos;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile @Nullable Sample sample;

  private record Sample(EngineStats stats, long at) {}

  StatsSampler(SessionRollbackEngine engine, Clock clock, long refreshNanos) {
    this.engine = engine;
    this.clock = clock;
    this.refreshNanos = refreshNanos;
  }

  /** Return one figure of the current sample, refreshing it first when it is too old; NaN before any. */
  double get(ToLongFunction<EngineStats> figure) {
    Sample current = sample;
    if ((current == null || clock.monotonicTime() - current.at() >= refreshNanos) && refreshing.tryLock()) {
      try {
        current = refresh(current);
      } finally {
        refreshing.unlock();
      }
    }
    return current == null ? Double.NaN : figure.applyAsLong(current.stats());
  }

  private @Nullable Sample refresh(@Nullable Sample previous) {
    long now = clock.monotonicTime();
    try {
      Sample next = new Sample(engine.stats(), now);
      sample = next;
      return next;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "engine.stats() failed; the store gauges keep their last sample", e);
      if (previous != null) {
        sample = new Sample(previous.stats(), now); // retry after the interval, not on every scrape
      }
      return previous;
    }
  }
}
