package dev.magnus.rollback.integration.pr1;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Report the scorer's choice. Immutable.
 *
 * @param requestId the request routed
 * @param chosenModel the model chosen; one of the keys of {@code scores}
 * @param scores every candidate's score, in candidate order
 * @param rationale why, in one sentence
 */
public record ScoringDecision(String requestId, String chosenModel, Map<String, Double> scores, String rationale) {
  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException if the chosen model has no score, or a score is not finite
   */
  public ScoringDecision {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(chosenModel, "chosenModel");
    Objects.requireNonNull(rationale, "rationale");
    Map<String, Double> copy = new LinkedHashMap<>();
    Objects.requireNonNull(scores, "scores").forEach((k, v) -> {
      if (v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException("score of model '" + k + "' must be a finite number, was " + v);
      }
      copy.put(Objects.requireNonNull(k, "model"), v);
    });
    if (!copy.containsKey(chosenModel)) {
      throw new IllegalArgumentException("chosen model '" + chosenModel + "' has no score; scored: " + copy.keySet());
    }
    scores = java.util.Collections.unmodifiableMap(copy);
  }
}
