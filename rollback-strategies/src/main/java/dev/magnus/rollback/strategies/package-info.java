/**
 * The shipped recovery strategies: IMMEDIATE (restore the newest good checkpoint), DECOMPOSE (restore,
 * then replay the failed operation step by step under a Resilience4j {@code Retry} and
 * {@code TimeLimiter}) and PROGRESSIVE (find where corruption began, linearly or by bisection). Each
 * is reached through its {@link dev.magnus.rollback.spi.RecoveryStrategyProvider}, registered for
 * {@link java.util.ServiceLoader}, or through the static factories on {@link
 * dev.magnus.rollback.strategies.Strategies}; the implementations themselves are package-private.
 * This package depends on {@code rollback-api} and Resilience4j only.
 */
@NullMarked
package dev.magnus.rollback.strategies;

import org.jspecify.annotations.NullMarked;
