package dev.magnus.rollback.integration.pr1;

import java.util.List;
import java.util.Objects;

/**
 * Ask the scorer to choose a model for one request. Immutable.
 *
 * @param requestId the request being routed
 * @param candidates the models to choose from, in order of preference for ties
 */
public record ScoringContext(String requestId, List<ModelCandidate> candidates) {
  /** Validate and copy. */
  public ScoringContext {
    Objects.requireNonNull(requestId, "requestId");
    candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
  }
}
