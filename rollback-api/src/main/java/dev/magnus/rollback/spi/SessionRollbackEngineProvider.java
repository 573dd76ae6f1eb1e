package dev.magnus.rollback.spi;

import dev.magnus.rollback.SessionRollbackEngine;

/**
 * Create an engine by name; the default engine ({@code default}) lives in rollback-core. Another
 * engine must pass the TCK's engine contract. Implementations must be stateless and thread-safe.
 */
public interface SessionRollbackEngineProvider {
  /**
   * Return the name that selects this engine.
   *
   * @return the name
   */
  String name();

  /**
   * Create an engine.
   *
   * @param context configuration, store, strategies and collaborators
   * @return a new engine
   */
  SessionRollbackEngine create(EngineContext context);
}
