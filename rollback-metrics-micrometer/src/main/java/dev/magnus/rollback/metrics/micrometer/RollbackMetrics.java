package dev.magnus.rollback.metrics.micrometer;

import dev.magnus.rollback.EngineStats;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EnginePlugin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Publish an engine's figures on a Micrometer {@link MeterRegistry}: checkpoints, rollbacks, recoveries,
 * store latency and size, under {@code rollback.}, with tags from closed sets only (never a session id).
 *
 * <p>As a plugin, it also times the store's appends and reads and, for a store that reports them (the file
 * store), its group commits and forces:
 *
 * <pre>{@code
 * SessionRollbackEngine engine = SessionRollback.builder()
 *     .plugin(RollbackMetrics.of(registry))
 *     .build();
 * }</pre>
 *
 * <p>For an engine already built, {@link #bindTo(SessionRollbackEngine, MeterRegistry)} registers the
 * engine's meters (every meter but {@code rollback.store.append}, {@code rollback.store.read},
 * {@code rollback.store.group.commit.size} and {@code rollback.store.force}, which need the store). In a
 * CDI container with a {@code MeterRegistry} bean, rollback-cdi binds it on its own.
 *
 * <p>The gauges read {@link SessionRollbackEngine#openSessionCount()} and
 * {@link SessionRollbackEngine#queuedCheckpoints()} on each scrape (no lock), and the store's figures from
 * {@link SessionRollbackEngine#stats()} at most once per {@link Builder#statsRefresh refresh interval}.
 * Two engines on one registry need different {@link Builder#tags common tags}, or their meters merge.
 * Thread-safe; an instance binds one engine.
 */
public final class RollbackMetrics implements EnginePlugin {
  /** How often, at most, the store gauges call {@code engine.stats()} by default. */
  public static final Duration DEFAULT_STATS_REFRESH = Duration.ofSeconds(10);

  private final MeterFactory meters;
  private final Duration statsRefresh;
  private final AtomicBoolean bound = new AtomicBoolean();

  private RollbackMetrics(Builder builder) {
    this.meters = new MeterFactory(builder.registry, builder.tags);
    this.statsRefresh = builder.statsRefresh;
  }

  /**
   * Create the metrics for one engine, with no common tags and the default refresh interval.
   *
   * @param registry where to register the meters
   * @return the metrics, to give to the engine builder's {@code plugin} or to {@link #bind}
   * @throws NullPointerException if the registry is null
   */
  public static RollbackMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /**
   * Start configuring the metrics for one engine.
   *
   * @param registry where to register the meters
   * @return the builder
   * @throws NullPointerException if the registry is null
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Register the meters of an engine already built (all but the store's latency and its own events).
   *
   * @param engine the engine
   * @param registry where to register the meters
   * @return the metrics
   * @throws NullPointerException if an argument is null
   */
  public static RollbackMetrics bindTo(SessionRollbackEngine engine, MeterRegistry registry) {
    RollbackMetrics metrics = of(registry);
    metrics.bind(engine);
    return metrics;
  }

  /**
   * Register the engine's meters: an observer for its events, gauges for its sessions, queue and store.
   *
   * @param engine the engine
   * @throws NullPointerException if the engine is null
   * @throws IllegalStateException if this instance already bound an engine (its events would count twice)
   */
  public void bind(SessionRollbackEngine engine) {
    Objects.requireNonNull(engine, "engine");
    if (!bound.compareAndSet(false, true)) {
      throw new IllegalStateException("these RollbackMetrics are already bound to an engine: create one instance per "
          + "engine (RollbackMetrics.of(registry)), with different tags when engines share a registry");
    }
    engine.addObserver(new MetricsObserver(meters));
    MeterRegistry registry = meters.registry();
    Gauge.builder(MeterNames.SESSIONS_OPEN, engine, SessionRollbackEngine::openSessionCount)
        .description("Sessions this engine holds open").tags(meters.common()).register(registry);
    Gauge.builder(MeterNames.CHECKPOINTS_QUEUED, engine, SessionRollbackEngine::queuedCheckpoints)
        .description("Asynchronous checkpoints queued or running").tags(meters.common()).register(registry);
    StatsSampler sampler = new StatsSampler(engine, registry.config().clock(), statsRefresh.toNanos());
    storeGauge(sampler, MeterNames.STORE_SESSIONS, "Sessions with checkpoints in the store", null,
        EngineStats::storedSessions);
    storeGauge(sampler, MeterNames.STORE_CHECKPOINTS, "Live checkpoints in the store", null,
        EngineStats::storedCheckpoints);
    storeGauge(sampler, MeterNames.STORE_PAYLOAD_SIZE, "Payload bytes of the live checkpoints", "bytes",
        EngineStats::payloadBytes);
    storeGauge(sampler, MeterNames.STORE_CORRUPTIONS, "Corrupt records the store found since it opened", null,
        EngineStats::corruptions);
  }

  private void storeGauge(StatsSampler sampler, String name, String description, @Nullable String unit,
      ToLongFunction<EngineStats> figure) {
    Gauge.builder(name, sampler, s -> s.get(figure)).description(description).baseUnit(unit).tags(meters.common())
        .strongReference(true).register(meters.registry());
  }

  /**
   * Wrap the store to time its appends and reads, and listen to its own events when it has any.
   *
   * @param store the store the engine will run on
   * @return the timing decorator; closing it closes the store
   */
  @Override
  public CheckpointStore customizeStore(CheckpointStore store) {
    Objects.requireNonNull(store, "store");
    StoreEventMeters.listen(store, meters);
    return new TimedCheckpointStore(store, meters);
  }

  /**
   * Register the engine's meters ({@link #bind}).
   *
   * @param engine the new engine
   */
  @Override
  public void engineStarted(SessionRollbackEngine engine) {
    bind(engine);
  }

  /** Configure {@link RollbackMetrics}. Not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private Duration statsRefresh = DEFAULT_STATS_REFRESH;

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Add tags to every meter, for example {@code engine=orders} when two engines share a registry. Keep
     * them to a closed set: never a session or user id.
     *
     * @param values the tags
     * @return this
     * @throws NullPointerException if the tags are null
     */
    public Builder tags(Iterable<Tag> values) {
      tags = tags.and(Objects.requireNonNull(values, "tags"));
      return this;
    }

    /**
     * Call {@code engine.stats()} for the store gauges at most this often (default 10 s).
     *
     * @param interval the interval, positive
     * @return this
     * @throws IllegalArgumentException if the interval is zero or negative
     */
    public Builder statsRefresh(Duration interval) {
      Objects.requireNonNull(interval, "statsRefresh");
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("statsRefresh must be positive, was " + interval
            + ": pass how often the store gauges may call engine.stats(), for example Duration.ofSeconds(10)");
      }
      statsRefresh = interval;
      return this;
    }

    /**
     * Create the metrics; nothing is registered before {@link RollbackMetrics#bind} or the engine builder.
     *
     * @return the metrics
     */
    public RollbackMetrics build() {
      return new RollbackMetrics(this);
    }
  }
}
