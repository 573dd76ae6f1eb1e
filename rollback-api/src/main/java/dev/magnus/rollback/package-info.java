/**
 * Session Rollback's public API: immutable session state and checkpoint descriptors, the engine and
 * session interfaces, configuration objects, observers, results and the exception hierarchy rooted
 * at {@link dev.magnus.rollback.RollbackException}. Everything here depends on the JDK only; stores
 * and strategies are written against this package and {@link dev.magnus.rollback.spi}.
 */
@NullMarked
package dev.magnus.rollback;

import org.jspecify.annotations.NullMarked;
