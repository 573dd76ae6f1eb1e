/**
 * The conformance kit (TCK): abstract JUnit 5 contracts that every checkpoint store and recovery
 * strategy extends, the ArchUnit rules a plugin must keep, and a runner that checks a provider found
 * on the class path. A store author adds {@code rollback-tck} as a test dependency and writes one
 * class extending {@link dev.magnus.rollback.tck.CheckpointStoreContract}; optional capabilities show
 * as skipped with the reason when the store does not declare them.
 */
@NullMarked
package dev.magnus.rollback.tck;

import org.jspecify.annotations.NullMarked;
