/**
 * The default Session Rollback engine. Start with {@link dev.magnus.rollback.core.SessionRollback}:
 * it finds the configured store and strategies by name through {@link java.util.ServiceLoader} and
 * builds an engine that checkpoints, rolls back atomically (PRE_ROLLBACK, then RECOVERY_POINT as the
 * commit point), resumes sessions from a store, applies retention, verifies hashes on every restore,
 * keeps a hash-chained audit log and notifies observers after each commit.
 */
@NullMarked
package dev.magnus.rollback.core;

import org.jspecify.annotations.NullMarked;
