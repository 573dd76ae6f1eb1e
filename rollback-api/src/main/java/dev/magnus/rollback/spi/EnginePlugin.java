package dev.magnus.rollback.spi;

import dev.magnus.rollback.SessionRollbackEngine;

/**
 * Take part in building an engine: wrap the store it runs on, then see the engine once it is built; for
 * cross-cutting additions such as metrics. Every method has a default that changes nothing.
 *
 * <pre>{@code
 * SessionRollbackEngine engine = SessionRollback.builder().plugin(RollbackMetrics.of(registry)).build();
 * }</pre>
 *
 * <p>The builder calls {@link #customizeStore} once, with the store the engine will run on (the one given,
 * or the one {@code storage.type} names, or the tiered store with spillover), then {@link #engineStarted}
 * once the engine is built. Plugins run in the order they were given, each wrapping the previous one's
 * store. A plugin is used by one builder at a time; its own thread-safety is its business.
 */
public interface EnginePlugin {
  /**
   * Return the store the engine runs on: {@code store} itself, or a decorator that passes every call on
   * (including {@link CheckpointStore#appendThenDelete}, so a durable store keeps its single write).
   *
   * @param store the store
   * @return the store to use; the engine closes it, and a decorator closes the store it wraps
   */
  default CheckpointStore customizeStore(CheckpointStore store) {
    return store;
  }

  /**
   * See the engine once it is built, for example to register observers.
   *
   * @param engine the new engine
   */
  default void engineStarted(SessionRollbackEngine engine) {}
}
