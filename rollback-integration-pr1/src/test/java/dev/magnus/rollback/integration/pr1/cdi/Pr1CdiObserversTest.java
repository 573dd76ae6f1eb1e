package dev.magnus.rollback.integration.pr1.cdi;

import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.PhaseChangedEvent;
import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.ScoringDecidedEvent;
import dev.magnus.rollback.integration.pr1.cdi.Pr1Events.PatternsDetectedEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.cdi.RollbackEvents.CheckpointCreatedEvent;
import dev.magnus.rollback.cdi.SessionRollbackProducer;
import dev.magnus.rollback.integration.pr1.CodeLocation;
import dev.magnus.rollback.integration.pr1.DetectedPattern;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import dev.magnus.rollback.integration.pr1.TherapeuticPhase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The gateway scenario under a real Weld SE container: PR #1 components fire CDI events, the
 * observers record them and take the checkpoints, and the engine's own events reach an application
 * bean.
 */
class Pr1CdiObserversTest {
  /** The application's configuration: the in-memory store. */
  @ApplicationScoped
  static class AppConfig {
    @Produces
    RollbackConfig config() {
      return RollbackConfig.custom().storage(StorageConfig.custom().type("memory").build()).build();
    }
  }

  /** An application bean that watches the engine's checkpoints. */
  @ApplicationScoped
  static class CheckpointLog {
    private final List<CheckpointType> types = new CopyOnWriteArrayList<>();

    void on(@Observes CheckpointCreatedEvent event) {
      types.add(event.checkpoint().type());
    }

    List<CheckpointType> types() {
      return List.copyOf(types); // through the client proxy: fields are not reachable, methods are
    }
  }

  private static WeldContainer boot() {
    return new Weld().disableDiscovery()
        .addBeanClasses(SessionRollbackProducer.class, Pr1EventObservers.class, AppConfig.class, CheckpointLog.class)
        .initialize();
  }

  @Test
  void firedPr1EventsBecomeStateAndCheckpointsInOrder() {
    try (WeldContainer container = boot()) {
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      engine.initialize("gateway-1", SessionMetadata.of("u", "cdi", "1", List.of(), Instant.EPOCH), Map.of());

      container.event().select(PhaseChangedEvent.class).fire(
          new PhaseChangedEvent("gateway-1", TherapeuticPhase.ASSESSMENT, List.of()));
      container.event().select(PatternsDetectedEvent.class).fire(new PatternsDetectedEvent("gateway-1", List.of(
          new DetectedPattern("retry-storm", 0.9, new CodeLocation(5, 3), "while (!done) retrySend("),
          new DetectedPattern("hardcoded-timeout", 0.3, new CodeLocation(8, 10), "setTimeout(30000"))));
      container.event().select(ScoringDecidedEvent.class).fire(new ScoringDecidedEvent("gateway-1",
          new ScoringDecision("req-1", "opus", Map.of("opus", 0.9, "sonnet", 0.7), "highest convergence")));
      container.event().select(PhaseChangedEvent.class).fire(
          new PhaseChangedEvent("gateway-1", TherapeuticPhase.OPUS_CONSULTATION, List.of("retry-storm at 5:3")));

      List<CheckpointType> stored = engine.session("gateway-1").orElseThrow().checkpoints().stream()
          .map(Checkpoint::type).toList();
      assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.THERAPEUTIC_PHASE,
          CheckpointType.PATTERN_MILESTONE, CheckpointType.SCORING_DECISION, CheckpointType.THERAPEUTIC_PHASE), stored);
      assertEquals(stored, container.select(CheckpointLog.class).get().types(), "the engine's CDI events saw each one");
      Map<String, Object> state = engine.session("gateway-1").orElseThrow().getCurrentState().attributes();
      assertTrue(state.keySet().containsAll(List.of("pr1.patterns", "pr1.scoring", "pr1.phase")), state.toString());
    }
  }

  @Test
  void anEventForAnUnknownSessionFailsTheFiringCode() {
    try (WeldContainer container = boot()) {
      assertThrows(SessionNotFoundException.class, () -> container.event().select(ScoringDecidedEvent.class)
          .fire(new ScoringDecidedEvent("nobody", new ScoringDecision("r", "opus", Map.of("opus", 1.0), "only one"))));
    }
  }
}
