package dev.magnus.rollback.integration.pr1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.integration.pr1.examples.PhaseStateMachine;
import dev.magnus.rollback.integration.pr1.examples.RuleBasedPatternEngine;
import dev.magnus.rollback.integration.pr1.examples.WeightedConvergenceScorer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecoratorTest {
  private static final String CODE = "while (true) {\n  client.retry(request);\n}\n";
  private static final ScoringContext REQUEST = new ScoringContext("req-7", List.of(
      ModelCandidate.of("opus", Map.of("quality", 0.95, "convergence", 0.9, "cost", 0.8)),
      ModelCandidate.of("sonnet", Map.of("quality", 0.8, "convergence", 0.7, "cost", 0.3))));

  @Test
  void decoratedComponentsRecordAndCheckpointWithoutChangingTheirResults() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      Session session = TestEngines.start(engine);
      RollbackBridge bridge = RollbackBridge.of(session);
      MagnusPatternEngine patterns = bridge.decoratePatternEngine(RuleBasedPatternEngine.withDefaultRules());
      ConvergenceScorer scorer = bridge.decorateScorer(WeightedConvergenceScorer.ofDefaults());
      TherapeuticLoop loop = bridge.decorateLoop(PhaseStateMachine.startingAt(TherapeuticPhase.INTAKE));
      // when
      PhaseTransition assessment = loop.transitionTo(TherapeuticPhase.ASSESSMENT);
      List<DetectedPattern> found = patterns.detectPatterns(CODE);
      ScoringDecision decision = scorer.scoreModels(REQUEST);
      loop.transitionTo(TherapeuticPhase.OPUS_CONSULTATION);
      // then
      assertEquals(RuleBasedPatternEngine.withDefaultRules().detectPatterns(CODE), found);
      assertEquals(WeightedConvergenceScorer.ofDefaults().scoreModels(REQUEST), decision);
      assertEquals(TherapeuticPhase.INTAKE, assessment.from());
      assertEquals(TherapeuticPhase.OPUS_CONSULTATION, loop.currentPhase());
      assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.THERAPEUTIC_PHASE, CheckpointType.PATTERN_MILESTONE,
          CheckpointType.SCORING_DECISION, CheckpointType.THERAPEUTIC_PHASE), TestEngines.types(session));
      assertEquals("OPUS_CONSULTATION", session.getCurrentState().attributes().get("pr1.phase"));
    }
  }

  @Test
  void aFlakyScorerIsReplayedByDecomposeAndTheCallReturnsTheReplayedDecision() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given: a scorer whose first two calls fail
      Session session = TestEngines.start(engine);
      AtomicInteger calls = new AtomicInteger();
      ConvergenceScorer flaky = context -> {
        if (calls.incrementAndGet() <= 2) {
          throw new IllegalStateException("latency statistics unavailable");
        }
        return WeightedConvergenceScorer.ofDefaults().scoreModels(context);
      };
      // when
      ScoringDecision decision = RollbackBridge.of(session).decorateScorer(flaky).scoreModels(REQUEST);
      // then: the first call failed, the replay failed once and then worked
      assertEquals(3, calls.get());
      assertEquals("opus", decision.chosenModel());
      assertEquals("opus", ((Map<?, ?>) session.getCurrentState().attributes().get("pr1.scoring")).get("model"));
      List<CheckpointType> types = TestEngines.types(session);
      assertEquals(CheckpointType.RECOVERY_POINT, types.get(types.size() - 1));
      assertTrue(session.checkpoints().get(types.size() - 1).description().contains("scoreModels"));
      assertTrue(engine.getAuditLog().entries(session.id()).stream().anyMatch(e ->
          e.details().getOrDefault("failure", "").equals("SCORING_CALCULATION_ERROR")
              && e.outcome() == Outcome.SUCCESS));
    }
  }

  @Test
  void anIllegalTransitionBecomesATherapeuticLoopErrorAndThrowsWithThePartialRecovery() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      Session session = TestEngines.start(engine);
      TherapeuticLoop loop = RollbackBridge.of(session).decorateLoop(PhaseStateMachine.startingAt(TherapeuticPhase.INTAKE));
      // when
      Pr1ComponentException e = assertThrows(Pr1ComponentException.class,
          () -> loop.transitionTo(TherapeuticPhase.CLOSED));
      // then
      assertEquals(FailureType.THERAPEUTIC_LOOP_ERROR, e.failureType());
      assertEquals(FailureType.THERAPEUTIC_LOOP_ERROR, e.recovery().failure());
      assertEquals(Outcome.PARTIAL, e.recovery().outcome(), e.recovery().message());
      assertEquals("transitionTo CLOSED", e.recovery().failedStep().orElseThrow());
      assertTrue(e.getCause() instanceof IllegalStateException);
      assertEquals(TherapeuticPhase.INTAKE, loop.currentPhase());
      assertFalse(session.getCurrentState().attributes().containsKey("pr1.phase"));
    }
  }

  @Test
  void underImmediateAFailedCallThrowsWithASucceededRecoverySoTheCallerMayRepeatIt() {
    try (SessionRollbackEngine engine = TestEngines.engine(CheckpointConfig.ofDefaults(), "IMMEDIATE")) {
      // given
      Session session = TestEngines.start(engine);
      IllegalArgumentException broken = new IllegalArgumentException("unparsable code");
      MagnusPatternEngine failing = code -> {
        throw broken;
      };
      // when
      Pr1ComponentException e = assertThrows(Pr1ComponentException.class,
          () -> RollbackBridge.of(session).decoratePatternEngine(failing).detectPatterns("x"));
      // then
      assertEquals(FailureType.PATTERN_DETECTION_ERROR, e.failureType());
      assertTrue(e.recovery().succeeded(), e.recovery().message());
      assertEquals("IMMEDIATE", e.recovery().strategy());
      assertSame(broken, e.getCause());
      assertTrue(e.getMessage().contains("may be repeated"), e.getMessage());
    }
  }

  @Test
  void anExceptionOfTheSessionItselfIsNotTakenForAComponentFailure() {
    // given
    SessionRollbackEngine engine = TestEngines.engine();
    Session session = TestEngines.start(engine);
    MagnusPatternEngine patterns = RollbackBridge.of(session).decoratePatternEngine(RuleBasedPatternEngine.withDefaultRules());
    engine.close();
    // when / then
    assertThrows(dev.magnus.rollback.ClosedException.class, () -> patterns.detectPatterns(CODE));
  }
}
