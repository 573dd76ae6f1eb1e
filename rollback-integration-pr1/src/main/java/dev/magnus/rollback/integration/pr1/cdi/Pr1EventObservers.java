package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.PhaseChangedEvent;
import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.ScoringDecidedEvent;
import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.PatternsDetectedEvent;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.integration.pr1.Pr1Settings;
import dev.magnus.rollback.integration.pr1.RollbackBridge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Turn PR #1's CDI events into bridge calls on the engine the container provides.
 *
 * <p>Each event names its session; the observer uses the engine's open session, or resumes it from the
 * store, then calls the {@link RollbackBridge}, which records the event in the state and takes the
 * matching automatic checkpoint (switches and {@code minIntervalMs} apply; a skip is not an error).
 * Settings come from a {@link Pr1Settings} bean when the application produces one, else the defaults.
 * Observers run synchronously on the firing thread, so a failure (unknown session, store failure)
 * reaches the code that fired the event. Application-scoped; thread-safe (the engine serializes each
 * session).
 */
@ApplicationScoped
public class Pr1EventObservers {
  private final SessionRollbackEngine engine;
  private final Pr1Settings settings;

  /**
   * Create the observers; the container calls this.
   *
   * @param engine the engine, from the application or rollback-cdi's producer
   * @param settings a Pr1Settings bean, if the application has one
   */
  @Inject
  public Pr1EventObservers(SessionRollbackEngine engine, Instance<Pr1Settings> settings) {
    this.engine = engine;
    this.settings = settings.isResolvable() ? settings.get() : Pr1Settings.ofDefaults();
  }

  /** Required by CDI for the client proxy of an application-scoped bean; not for application use. */
  protected Pr1EventObservers() {
    this.engine = null;
    this.settings = null;
  }

  /**
   * Record detected patterns; PATTERN_MILESTONE when one reaches the significance threshold.
   *
   * @param event the event
   * @return the checkpoint taken, or why none was
   */
  public AutoCheckpointResult onPatterns(@Observes PatternsDetectedEvent event) {
    return bridge(event.sessionId()).onPatternDetected(event.patterns());
  }

  /**
   * Record a routing decision; SCORING_DECISION.
   *
   * @param event the event
   * @return the checkpoint taken, or why none was
   */
  public AutoCheckpointResult onScoring(@Observes ScoringDecidedEvent event) {
    return bridge(event.sessionId()).onScoringDecision(event.decision());
  }

  /**
   * Record a phase change; THERAPEUTIC_PHASE.
   *
   * @param event the event
   * @return the checkpoint taken, or why none was
   */
  public AutoCheckpointResult onPhase(@Observes PhaseChangedEvent event) {
    return bridge(event.sessionId()).onTherapeuticPhaseChange(event.phase(), event.findings());
  }

  private RollbackBridge bridge(String sessionId) {
    Session session = engine.session(sessionId).orElseGet(() -> engine.resume(sessionId));
    return RollbackBridge.of(session, settings);
  }
}
