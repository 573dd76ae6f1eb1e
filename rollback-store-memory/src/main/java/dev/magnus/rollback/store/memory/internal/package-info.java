/**
 * Not API: classes of this module that are public only for technical reasons (ServiceLoader needs
 * public provider classes). No other module may use this package; ArchUnit's
 * {@code ArchitectureRules.INTERNALS_STAY_IN_THEIR_MODULE} enforces it. Anything here may change
 * in any release.
 */
@NullMarked
package dev.magnus.rollback.store.memory.internal;

import org.jspecify.annotations.NullMarked;
