package dev.magnus.rollback.strategies.internal;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import java.util.Objects;
import dev.magnus.rollback.strategies.Strategies;

/**
 * Provide IMMEDIATE: restore the newest checkpoint that passes integrity and validation.
 *
 * <p>Registered for {@link java.util.ServiceLoader} under the name {@code IMMEDIATE}. Stateless and
 * thread-safe.
 */
public final class ImmediateStrategyProvider implements RecoveryStrategyProvider {
  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public ImmediateStrategyProvider() {}

  /**
   * Return {@code IMMEDIATE}.
   *
   * @return the name
   */
  @Override
  public String name() {
    return Strategies.IMMEDIATE;
  }

  /**
   * Create the strategy; see {@link Strategies}.
   *
   * @param recovery the recovery section
   * @return the strategy
   */
  @Override
  public RecoveryStrategy create(RecoveryConfig recovery) {
    Objects.requireNonNull(recovery, "recovery");
    return Strategies.immediate();
  }
}
