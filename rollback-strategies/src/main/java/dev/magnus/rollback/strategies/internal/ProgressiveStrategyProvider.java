package dev.magnus.rollback.strategies.internal;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import java.util.Objects;
import dev.magnus.rollback.strategies.Strategies;

/**
 * Provide PROGRESSIVE: restore the newest checkpoint before the first that fails validation, searching
 * linearly or by bisection as {@code recovery.progressive.mode} says.
 *
 * <p>Registered for {@link java.util.ServiceLoader} under the name {@code PROGRESSIVE}. Stateless and
 * thread-safe.
 */
public final class ProgressiveStrategyProvider implements RecoveryStrategyProvider {
  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public ProgressiveStrategyProvider() {}

  /**
   * Return {@code PROGRESSIVE}.
   *
   * @return the name
   */
  @Override
  public String name() {
    return Strategies.PROGRESSIVE;
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
    return Strategies.progressive(recovery);
  }
}
