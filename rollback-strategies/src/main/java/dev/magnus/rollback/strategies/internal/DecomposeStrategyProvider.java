package dev.magnus.rollback.strategies.internal;

import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import java.util.Objects;
import dev.magnus.rollback.strategies.Strategies;

/**
 * Provide DECOMPOSE: restore the newest good checkpoint, then replay the failure's steps under a
 * Resilience4j retry and time limit.
 *
 * <p>Registered for {@link java.util.ServiceLoader} under the name {@code DECOMPOSE}. Stateless and
 * thread-safe.
 */
public final class DecomposeStrategyProvider implements RecoveryStrategyProvider {
  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public DecomposeStrategyProvider() {}

  /**
   * Return {@code DECOMPOSE}.
   *
   * @return the name
   */
  @Override
  public String name() {
    return Strategies.DECOMPOSE;
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
    return Strategies.decompose(recovery);
  }
}
