/**
 * Load a {@link dev.magnus.rollback.RollbackConfig} from {@code session-rollback-config.yaml} and
 * from {@code rollback.*} system properties: SnakeYAML safe composition only (plain maps, lists and
 * scalars; no tags, no objects), strict validation that reports every problem at once with its key
 * path and line:column, and "did you mean" for unknown keys. The entry point is
 * {@link dev.magnus.rollback.core.config.RollbackConfigLoader}; everything else is package-private.
 * This package depends on the API and SnakeYAML only, never on the rest of rollback-core.
 */
@NullMarked
package dev.magnus.rollback.core.config;

import org.jspecify.annotations.NullMarked;
