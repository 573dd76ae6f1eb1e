package dev.magnus.rollback.integration.pr1.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.integration.pr1.CodeLocation;
import dev.magnus.rollback.integration.pr1.DetectedPattern;
import dev.magnus.rollback.integration.pr1.ModelCandidate;
import dev.magnus.rollback.integration.pr1.PhaseTransition;
import dev.magnus.rollback.integration.pr1.ScoringContext;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import dev.magnus.rollback.integration.pr1.TherapeuticPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceImplementationsTest {
  private final RuleBasedPatternEngine detector = RuleBasedPatternEngine.withDefaultRules();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "retry-storm|int n = 0;\\nwhile (true) {\\n  client.retryCall(req);\\n}|2|1",
      "unbounded-recursion|long walk(Node n) {\\n  return walk(n.next);\\n}|1|6",
      "n-plus-one-query|for (User u : users) {\\n  orders.findByUser(u);\\n}|1|1",
      "swallowed-exception|try { x(); } catch (IOException e) { }|1|14",
      "hardcoded-timeout|client.setTimeout(30000);|1|8"})
  void eachDefaultRuleFindsItsPatternWhereItStarts(String name, String code, int line, int column) {
    // when
    List<DetectedPattern> found = detector.detectPatterns(code.replace("\\n", "\n"));
    // then
    assertEquals(1, found.size(), found.toString());
    assertEquals(name, found.get(0).name());
    assertEquals(new CodeLocation(line, column), found.get(0).location());
  }

  @Test
  void aLoopThatBacksOffIsNoRetryStormAndCleanCodeHasNoPattern() {
    assertEquals(List.of(), detector.detectPatterns("while (busy) { sleep(backoff); client.retry(req); }"));
    assertEquals(List.of(), detector.detectPatterns("int add(int a, int b) { return a + b; }"));
  }

  @Test
  void theScorerChoosesTheHighestWeightedSumAndExplainsIt() {
    // given
    WeightedConvergenceScorer scorer = WeightedConvergenceScorer.of(Map.of("quality", 1.0, "cost", -0.5));
    ScoringContext context = new ScoringContext("r", List.of(
        ModelCandidate.of("cheap", Map.of("quality", 0.6, "cost", 0.1)),
        ModelCandidate.of("strong", Map.of("quality", 0.9, "cost", 0.9))));
    // when
    ScoringDecision decision = scorer.scoreModels(context);
    // then: cheap 0.6 - 0.05 = 0.55, strong 0.9 - 0.45 = 0.45
    assertEquals("cheap", decision.chosenModel());
    assertEquals(Map.of("cheap", 0.55, "strong", 0.45), decision.scores());
    assertTrue(decision.rationale().startsWith("cheap scores 0.5500") && decision.rationale().contains("0.1000"),
        decision.rationale());
  }

  @Test
  void scoringWithoutCandidatesFails() {
    assertThrows(IllegalArgumentException.class,
        () -> WeightedConvergenceScorer.ofDefaults().scoreModels(new ScoringContext("r", List.of())));
  }

  @Test
  void theStateMachineCarriesFindingsAndRefusesIllegalTransitionsWithoutChanging() {
    // given
    PhaseStateMachine loop = PhaseStateMachine.startingAt(TherapeuticPhase.INTAKE);
    loop.transitionTo(TherapeuticPhase.ASSESSMENT);
    loop.note("retry storm");
    // when
    PhaseTransition consult = loop.transitionTo(TherapeuticPhase.OPUS_CONSULTATION);
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> loop.transitionTo(TherapeuticPhase.CLOSED));
    // then
    assertEquals(new PhaseTransition(TherapeuticPhase.ASSESSMENT, TherapeuticPhase.OPUS_CONSULTATION,
        List.of("retry storm")), consult);
    assertTrue(refused.getMessage().contains("OPUS_CONSULTATION -> CLOSED"), refused.getMessage());
    assertEquals(TherapeuticPhase.OPUS_CONSULTATION, loop.currentPhase());
    assertEquals(List.of(), loop.transitionTo(TherapeuticPhase.ASSESSMENT).findings());
    assertThrows(IllegalStateException.class, () -> PhaseStateMachine.startingAt(TherapeuticPhase.CLOSED)
        .transitionTo(TherapeuticPhase.ASSESSMENT));
  }
}
