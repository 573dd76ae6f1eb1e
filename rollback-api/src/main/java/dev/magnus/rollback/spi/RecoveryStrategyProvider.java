package dev.magnus.rollback.spi;

import dev.magnus.rollback.RecoveryConfig;

/**
 * Create a recovery strategy by name; registered in {@code META-INF/services}. Implementations must
 * be stateless and thread-safe.
 */
public interface RecoveryStrategyProvider {
  /**
   * Return the name that selects the strategy.
   *
   * @return the name, unique among strategy providers
   */
  String name();

  /**
   * Create the strategy.
   *
   * @param recovery the recovery section (retry, time limits, progressive mode)
   * @return the strategy
   */
  RecoveryStrategy create(RecoveryConfig recovery);
}
