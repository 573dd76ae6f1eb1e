/**
 * Publish the engine's figures on a Micrometer {@code MeterRegistry}: {@link
 * dev.magnus.rollback.metrics.micrometer.RollbackMetrics} registers counters, timers with percentile
 * histograms, distribution summaries and cached gauges under {@code rollback.}, with tags from closed sets
 * only (never a session id), fed by the engine's observer events, a decorator of the checkpoint store and
 * the store's own listener; the rest of this package is not API.
 */
@NullMarked
package dev.magnus.rollback.metrics.micrometer;

import org.jspecify.annotations.NullMarked;
