package dev.magnus.rollback.integration.pr1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RollbackBridgeTest {
  private static final DetectedPattern STORM = new DetectedPattern("retry-storm", 0.9, new CodeLocation(3, 5), "while");
  private static final DetectedPattern TIMEOUT = new DetectedPattern("hardcoded-timeout", 0.3, new CodeLocation(7, 1), "t");
  private static final ScoringDecision DECISION =
      new ScoringDecision("req-1", "opus", Map.of("opus", 0.82, "sonnet", 0.61), "opus scores higher");

  private static String reason(AutoCheckpointResult result) {
    return assertInstanceOf(AutoCheckpointResult.Skipped.class, result).reason();
  }

  private static Checkpoint taken(AutoCheckpointResult result) {
    return assertInstanceOf(AutoCheckpointResult.Taken.class, result).checkpoint();
  }

  @Test
  void eachEventIsRecordedUnderPr1AttributesAndCheckpointedInOrder() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      Session session = TestEngines.start(engine);
      RollbackBridge bridge = RollbackBridge.of(session);
      // when
      bridge.onPatternDetected(List.of(STORM, TIMEOUT));
      bridge.onScoringDecision(DECISION);
      bridge.onTherapeuticPhaseChange(TherapeuticPhase.OPUS_CONSULTATION, List.of("retry storm in client"));
      // then
      assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.PATTERN_MILESTONE, CheckpointType.SCORING_DECISION,
          CheckpointType.THERAPEUTIC_PHASE), TestEngines.types(session));
      Map<String, Object> state = session.getCurrentState().attributes();
      List<?> patterns = (List<?>) state.get("pr1.patterns");
      assertEquals(Map.of("name", "retry-storm", "severity", 0.9, "line", 3L, "column", 5L, "evidence", "while"),
          patterns.get(0));
      assertEquals(2, patterns.size());
      assertEquals(Map.of("requestId", "req-1", "model", "opus", "scores", Map.of("opus", 0.82, "sonnet", 0.61),
          "rationale", "opus scores higher"), state.get("pr1.scoring"));
      assertEquals("OPUS_CONSULTATION", state.get("pr1.phase"));
      assertEquals(List.of("retry storm in client"), state.get("pr1.findings"));
      assertEquals("route me", state.get("request"), "the application's own attributes are kept");
    }
  }

  @Test
  void theMilestoneDescriptionNamesTheSignificantPatternsOnly() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      RollbackBridge bridge = RollbackBridge.of(TestEngines.start(engine));
      // when
      AutoCheckpointResult result = bridge.onPatternDetected(List.of(TIMEOUT, STORM));
      // then
      assertEquals("1 significant pattern: retry-storm (0.90)", taken(result).description());
    }
  }

  @Test
  void patternsBelowTheThresholdAreRecordedButTakeNoCheckpoint() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      Session session = TestEngines.start(engine);
      // when
      AutoCheckpointResult result = RollbackBridge.of(session).onPatternDetected(List.of(TIMEOUT));
      // then
      assertFalse(result.taken());
      assertTrue(reason(result).contains("highest severity 0.30"), result.toString());
      assertTrue(reason(result).contains("pr1.patternSignificanceThreshold=0.70"), result.toString());
      assertEquals(List.of(CheckpointType.SESSION_START), TestEngines.types(session));
      assertEquals(1, ((List<?>) session.getCurrentState().attributes().get("pr1.patterns")).size());
    }
  }

  @Test
  void aLowerThresholdMakesTheSamePatternSignificant() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      Session session = TestEngines.start(engine);
      RollbackBridge bridge = RollbackBridge.of(session, Pr1Settings.custom().patternSignificanceThreshold(0.3).build());
      // when
      AutoCheckpointResult result = bridge.onPatternDetected(List.of(TIMEOUT));
      // then
      assertTrue(result.taken(), result.toString());
      assertEquals(CheckpointType.PATTERN_MILESTONE, taken(result).type());
    }
  }

  @Test
  void anEmptyDetectionTakesNoCheckpointAndSaysSo() {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // when
      AutoCheckpointResult result = RollbackBridge.of(TestEngines.start(engine)).onPatternDetected(List.of());
      // then
      assertTrue(reason(result).contains("no pattern found"), result.toString());
    }
  }

  @Test
  void theEnginesSwitchesAndMinimumIntervalSkipWithTheirReason() {
    CheckpointConfig config = CheckpointConfig.custom().onScoringDecision(false).minInterval(Duration.ofHours(1)).build();
    try (SessionRollbackEngine engine = TestEngines.engine(config, "DECOMPOSE")) {
      // given
      Session session = TestEngines.start(engine);
      RollbackBridge bridge = RollbackBridge.of(session);
      // when
      AutoCheckpointResult scoring = bridge.onScoringDecision(DECISION);
      AutoCheckpointResult pattern = bridge.onPatternDetected(List.of(STORM));
      AutoCheckpointResult phase = bridge.onTherapeuticPhaseChange(TherapeuticPhase.ASSESSMENT, List.of());
      // then
      assertTrue(reason(scoring).contains("onScoringDecision is off"), scoring.toString());
      assertTrue(pattern.taken());
      assertTrue(reason(phase).contains("minIntervalMs"), phase.toString());
      assertEquals("ASSESSMENT", session.getCurrentState().attributes().get("pr1.phase"), "recorded although skipped");
    }
  }

  @ParameterizedTest
  @EnumSource(value = FailureType.class, names = {"PATTERN_DETECTION_ERROR", "SCORING_CALCULATION_ERROR",
      "THERAPEUTIC_LOOP_ERROR"})
  void aComponentFailureIsRecoveredWithItsFailureType(FailureType type) {
    try (SessionRollbackEngine engine = TestEngines.engine()) {
      // given
      Session session = TestEngines.start(engine);
      RollbackBridge bridge = RollbackBridge.of(session);
      bridge.onScoringDecision(DECISION);
      session.update(s -> s.with("pr1.scoring", "garbage"));
      // when
      RecoveryResult result = bridge.onComponentFailure(type, new IllegalStateException("boom"), List.of());
      // then
      assertEquals(type, result.failure());
      assertEquals(Outcome.SUCCESS, result.outcome(), result.message());
      assertEquals("opus", ((Map<?, ?>) session.getCurrentState().attributes().get("pr1.scoring")).get("model"));
      assertTrue(engine.getAuditLog().entries(session.id()).stream()
          .anyMatch(e -> e.details().getOrDefault("failure", "").equals(type.name())));
    }
  }

  @Test
  void settingsRejectAThresholdOutOfRangeNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Pr1Settings.custom().patternSignificanceThreshold(1.5));
    assertTrue(e.getMessage().contains("pr1.patternSignificanceThreshold") && e.getMessage().contains("1.5"));
    assertEquals(0.7, Pr1Settings.ofDefaults().patternSignificanceThreshold());
    assertEquals(0.4, Pr1Settings.from(new Pr1Settings(0.4)).build().patternSignificanceThreshold());
  }
}
