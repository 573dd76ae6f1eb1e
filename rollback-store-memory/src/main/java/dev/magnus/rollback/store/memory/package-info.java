/**
 * The in-memory checkpoint store: thread-safe, bounded by {@code storage.maxMemoryBytes}, lost when
 * the process ends. Registered as store provider {@code memory}. Reach it through
 * {@link dev.magnus.rollback.store.memory.InMemoryStores} or by name from the configuration.
 */
@NullMarked
package dev.magnus.rollback.store.memory;

import org.jspecify.annotations.NullMarked;
