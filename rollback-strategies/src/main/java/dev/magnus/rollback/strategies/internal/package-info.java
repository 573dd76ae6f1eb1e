/**
 * Not API: the strategies' ServiceLoader providers, public only because ServiceLoader needs public
 * provider classes. Reach the strategies through {@link dev.magnus.rollback.strategies.Strategies} or by
 * name from the configuration. No other module may use this package (ArchUnit's
 * {@code ArchitectureRules.INTERNALS_STAY_IN_THEIR_MODULE}).
 */
@NullMarked
package dev.magnus.rollback.strategies.internal;

import org.jspecify.annotations.NullMarked;
