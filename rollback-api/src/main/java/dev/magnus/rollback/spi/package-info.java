/**
 * Extension points: checkpoint stores, recovery strategies, engines and audit sinks, each with a
 * provider found by {@link java.util.ServiceLoader} (or, with rollback-cdi, as a CDI bean) and
 * selected by name from the configuration. Implementations depend on {@code rollback-api} only and
 * prove themselves with the conformance kit in {@code rollback-tck}.
 */
@NullMarked
package dev.magnus.rollback.spi;

import org.jspecify.annotations.NullMarked;
