package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.SessionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/*
 * Where PR #1 events live in the session state, and how they are turned into JSON-compatible values
 * (maps, lists, strings, numbers). Every key starts with "pr1." so that the bridge never collides with
 * the application's own attributes. Stateless.
 */
final class Pr1State {
  static final String PATTERNS = "pr1.patterns";
  static final String SCORING = "pr1.scoring";
  static final String PHASE = "pr1.phase";
  static final String FINDINGS = "pr1.findings";

  private Pr1State() {}

  static SessionState withPatterns(SessionState state, List<DetectedPattern> patterns) {
    List<Object> list = new ArrayList<>(patterns.size());
    for (DetectedPattern p : patterns) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("severity", p.severity());
      m.put("line", (long) p.location().line());
      m.put("column", (long) p.location().column());
      m.put("evidence", p.evidence());
      list.add(m);
    }
    return state.with(PATTERNS, list);
  }

  static SessionState withScoring(SessionState state, ScoringDecision decision) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requestId", decision.requestId());
    m.put("model", decision.chosenModel());
    m.put("scores", new LinkedHashMap<String, Object>(decision.scores()));
    m.put("rationale", decision.rationale());
    return state.with(SCORING, m);
  }

  static SessionState withPhase(SessionState state, TherapeuticPhase phase, List<String> findings) {
    return state.with(PHASE, phase.name()).with(FINDINGS, List.copyOf(findings));
  }
}
