/**
 * CDI glue for PR #1 components that fire CDI events instead of calling the bridge: fire a
 * {@link dev.magnus.rollback.integration.pr1.cdi.PatternsDetectedEvent},
 * {@link dev.magnus.rollback.integration.pr1.cdi.ScoringDecidedEvent} or
 * {@link dev.magnus.rollback.integration.pr1.cdi.PhaseChangedEvent} and
 * {@link dev.magnus.rollback.integration.pr1.cdi.Pr1EventObservers} records it in the session and takes
 * the matching automatic checkpoint, as {@link dev.magnus.rollback.integration.pr1.RollbackBridge}
 * does, on whatever {@link dev.magnus.rollback.SessionRollbackEngine} bean the container has (usually
 * rollback-cdi's producer). Loaded only inside a CDI container; the CDI and Inject APIs are optional
 * dependencies. This package stays in rollback-integration-pr1 rather than moving to rollback-cdi:
 * it needs only the API and the CDI API, its events are PR #1's own types, and only an application
 * that already uses this module wants it, so rollback-cdi stays free of PR #1 and this module free of
 * rollback-core.
 */
@NullMarked
package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.PhaseChangedEvent;
import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.ScoringDecidedEvent;
import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.PatternsDetectedEvent;
import org.jspecify.annotations.NullMarked;
