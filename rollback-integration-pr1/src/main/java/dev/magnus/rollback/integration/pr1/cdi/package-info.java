/**
 * CDI glue for PR #1 components that fire CDI events instead of calling the bridge: fire a
 * {@link dev.magnus.rollback.integration.pr1.cdi.PatternsDetectedEvent},
 * {@link dev.magnus.rollback.integration.pr1.cdi.ScoringDecidedEvent} or
 * {@link dev.magnus.rollback.integration.pr1.cdi.PhaseChangedEvent} and
 * {@link dev.magnus.rollback.integration.pr1.cdi.Pr1EventObservers} records it in the session and takes
 * the matching automatic checkpoint, as {@link dev.magnus.rollback.integration.pr1.RollbackBridge}
 * does. Loaded only inside a CDI container; the CDI API is an optional dependency.
 */
@NullMarked
package dev.magnus.rollback.integration.pr1.cdi;

import org.jspecify.annotations.NullMarked;
