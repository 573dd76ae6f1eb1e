/**
 * Bind the metrics in a CDI container without code: a portable extension, registered as a service, adds a
 * producer of an {@link dev.magnus.rollback.spi.EnginePlugin} that rollback-cdi's engine producer applies:
 * {@code RollbackMetrics} on the container's {@code MeterRegistry} bean when there is exactly one, a plugin
 * that does nothing otherwise. Only a CDI container loads this package, so the CDI API stays an optional
 * dependency of the module; not API.
 */
@NullMarked
package dev.magnus.rollback.metrics.micrometer.cdi;

import org.jspecify.annotations.NullMarked;
