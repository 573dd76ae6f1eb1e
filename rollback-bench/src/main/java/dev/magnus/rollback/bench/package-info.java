/**
 * Benchmarks of Session Rollback: JMH benchmarks of the engine, the stores, the audit trail and the
 * configuration loader, and {@link dev.magnus.rollback.bench.Compare}, a harness that measures the
 * engine side by side with its floors (encode + hash, a raw append + force loop) and with what a user
 * would pick instead (SQLite, one file per checkpoint), and two mains that measure the file and
 * PostgreSQL stores by themselves ({@link dev.magnus.rollback.bench.FileStoreThroughput},
 * {@link dev.magnus.rollback.bench.JdbcStoreThroughput}). Nothing depends on this package; see
 * BENCHMARKS.md at the repository root.
 */
@NullMarked
package dev.magnus.rollback.bench;

import org.jspecify.annotations.NullMarked;
