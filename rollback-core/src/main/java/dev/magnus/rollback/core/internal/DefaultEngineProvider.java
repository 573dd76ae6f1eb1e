package dev.magnus.rollback.core.internal;

import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.SessionRollbackEngineProvider;

/**
 * Provide the default engine under the name {@code default}. Stateless; found by
 * {@link java.util.ServiceLoader}. The HMAC key, when configured, is read from the process
 * environment.
 */
public final class DefaultEngineProvider implements SessionRollbackEngineProvider {
  /** The provider name. */
  public static final String NAME = "default";

  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public DefaultEngineProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SessionRollbackEngine create(EngineContext context) {
    return SessionRollback.defaultEngine(context);
  }
}
