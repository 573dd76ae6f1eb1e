/**
 * The PostgreSQL checkpoint store: descriptors as columns and payloads as {@code bytea} in tables
 * created by numbered migrations, unique constraints on (session, sequence) and checkpoint id as the
 * compare-and-set between engines on different nodes, and session tombstones that keep a late append
 * from bringing a deleted session back. Registered as store provider {@code jdbc}; reach it through
 * {@link dev.magnus.rollback.store.jdbc.JdbcStores} or by name from the configuration. The schema is
 * described in the module's {@code SCHEMA.md}.
 */
@NullMarked
package dev.magnus.rollback.store.jdbc;

import org.jspecify.annotations.NullMarked;
