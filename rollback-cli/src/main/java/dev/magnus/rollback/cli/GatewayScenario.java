package dev.magnus.rollback.cli;

import dev.magnus.rollback.Session;
import dev.magnus.rollback.integration.pr1.ConvergenceScorer;
import dev.magnus.rollback.integration.pr1.DetectedPattern;
import dev.magnus.rollback.integration.pr1.MagnusPatternEngine;
import dev.magnus.rollback.integration.pr1.ModelCandidate;
import dev.magnus.rollback.integration.pr1.PhaseTransition;
import dev.magnus.rollback.integration.pr1.RollbackBridge;
import dev.magnus.rollback.integration.pr1.ScoringContext;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import dev.magnus.rollback.integration.pr1.TherapeuticLoop;
import dev.magnus.rollback.integration.pr1.TherapeuticPhase;
import dev.magnus.rollback.integration.pr1.examples.PhaseStateMachine;
import dev.magnus.rollback.integration.pr1.examples.RuleBasedPatternEngine;
import dev.magnus.rollback.integration.pr1.examples.WeightedConvergenceScorer;
import java.util.List;
import java.util.Map;

/*
 * One run of the demo's gateway session through the PR #1 bridge and the reference components:
 * the loop enters ASSESSMENT, the pattern engine reads the code under review, the scorer routes the
 * request, the loop consults Opus with the findings, and a re-score after the consultation fails twice
 * (injected) so that recovery restores the last good checkpoint and replays the scoring with retries.
 * Each component is decorated by the bridge, so none of this code calls the engine directly. Confined
 * to the demo's thread.
 */
final class GatewayScenario {
  static final String CODE_UNDER_REVIEW = String.join("\n",
      "Response forward(Request request) {",
      "  for (Route route : routes) {",
      "    stats.findLatency(route.model());",
      "  }",
      "  while (!done) {",
      "    done = client.retrySend(request);",
      "  }",
      "  client.setTimeout(30000);",
      "  return client.response();",
      "}");

  private final Session session;
  private final Printer out;
  private final PhaseStateMachine machine;
  private final TherapeuticLoop loop;
  private final MagnusPatternEngine patterns;
  private final FaultInjectingScorer faults = new FaultInjectingScorer(WeightedConvergenceScorer.ofDefaults());
  private final ConvergenceScorer scorer;

  GatewayScenario(Session session, Printer out) {
    this.session = session;
    this.out = out;
    RollbackBridge bridge = RollbackBridge.of(session);
    Object stored = session.getCurrentState().attributes().getOrDefault("pr1.phase", TherapeuticPhase.INTAKE.name());
    this.machine = PhaseStateMachine.startingAt(TherapeuticPhase.valueOf(String.valueOf(stored)));
    this.loop = bridge.decorateLoop(machine);
    this.patterns = bridge.decoratePatternEngine(RuleBasedPatternEngine.withDefaultRules());
    this.scorer = bridge.decorateScorer(faults);
  }

  void run(long runNumber) {
    assess();
    List<DetectedPattern> found = detect();
    ScoringDecision first = scorer.scoreModels(request("req-" + runNumber + "-a", 0.70));
    out.step("scoring decision", first.rationale());
    found.stream().filter(p -> p.severity() >= 0.7).forEach(p -> machine.note(p.name() + " at " + p.location()));
    PhaseTransition consult = loop.transitionTo(TherapeuticPhase.OPUS_CONSULTATION);
    out.step("phase change", consult.from() + " -> " + consult.to() + " with findings " + consult.findings());
    faults.failNext(2);
    out.step("injected failure", "the next two scoring calls fail: latency statistics service timed out");
    ScoringDecision rescored = scorer.scoreModels(request("req-" + runNumber + "-b", 0.95));
    out.step("re-scored", rescored.chosenModel() + " after recovery: " + rescored.rationale());
    DemoCommand.check(session.getCurrentState().attributes().get("pr1.scoring") instanceof Map<?, ?> m
        && rescored.requestId().equals(m.get("requestId")), "the replayed decision is recorded in pr1.scoring");
  }

  private void assess() {
    if (!PhaseStateMachine.allows(machine.currentPhase(), TherapeuticPhase.ASSESSMENT)) {
      out.step("phase", "continuing in " + machine.currentPhase());
      return;
    }
    PhaseTransition t = loop.transitionTo(TherapeuticPhase.ASSESSMENT);
    out.step("phase change", t.from() + " -> " + t.to());
  }

  private List<DetectedPattern> detect() {
    List<DetectedPattern> found = patterns.detectPatterns(CODE_UNDER_REVIEW);
    out.step("patterns detected", found.size() + " in the gateway's forward(), threshold 0.70:");
    for (DetectedPattern p : found) {
      out.detail(String.format(java.util.Locale.ROOT, "%-20s %.2f at %-5s %s", p.name(), p.severity(), p.location(),
          p.evidence()));
    }
    return found;
  }

  private static ScoringContext request(String id, double opusConvergence) {
    return new ScoringContext(id, List.of(
        ModelCandidate.of("opus", Map.of("quality", 0.95, "convergence", opusConvergence, "latency", 0.8, "cost", 0.9)),
        ModelCandidate.of("sonnet", Map.of("quality", 0.85, "convergence", 0.75, "latency", 0.4, "cost", 0.3)),
        ModelCandidate.of("haiku", Map.of("quality", 0.6, "convergence", 0.5, "latency", 0.1, "cost", 0.05))));
  }
}
