package dev.magnus.rollback.integration.pr1.examples;

import dev.magnus.rollback.integration.pr1.ConvergenceScorer;
import dev.magnus.rollback.integration.pr1.ModelCandidate;
import dev.magnus.rollback.integration.pr1.ScoringContext;
import dev.magnus.rollback.integration.pr1.ScoringDecision;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Score each candidate as the weighted sum of its signals and choose the highest: a reference
 * implementation of {@link ConvergenceScorer}, not PR #1's scorer.
 *
 * <p>A missing signal counts as 0.0; a negative weight penalizes a signal (cost, latency). Ties go to
 * the earlier candidate. A context without candidates fails with {@link IllegalArgumentException}.
 * Thread-safe and immutable.
 */
public final class WeightedConvergenceScorer implements ConvergenceScorer {
  private final Map<String, Double> weights;

  private WeightedConvergenceScorer(Map<String, Double> weights) {
    this.weights = weights;
  }

  /**
   * Create a scorer.
   *
   * @param weights the weight of each signal; finite numbers, negative to penalize
   * @return the scorer
   * @throws IllegalArgumentException if the map is empty or a weight is not finite
   */
  public static WeightedConvergenceScorer of(Map<String, Double> weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("weights are empty: give at least one signal a weight");
    }
    Map<String, Double> copy = new LinkedHashMap<>();
    weights.forEach((k, v) -> {
      if (v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException("weight of signal '" + k + "' must be a finite number, was " + v);
      }
      copy.put(Objects.requireNonNull(k, "signal"), v);
    });
    return new WeightedConvergenceScorer(java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * Create the scorer the demo uses: quality 0.6, convergence 0.3, latency -0.1, cost -0.1.
   *
   * @return the scorer
   */
  public static WeightedConvergenceScorer ofDefaults() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("quality", 0.6);
    w.put("convergence", 0.3);
    w.put("latency", -0.1);
    w.put("cost", -0.1);
    return of(w);
  }

  @Override
  public ScoringDecision scoreModels(ScoringContext context) {
    Objects.requireNonNull(context, "context");
    if (context.candidates().isEmpty()) {
      throw new IllegalArgumentException("request " + context.requestId() + " has no candidate model to score");
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    ModelCandidate best = null;
    for (ModelCandidate c : context.candidates()) {
      double score = score(c);
      scores.put(c.model(), Math.round(score * 10_000) / 10_000.0);
      if (best == null || score > scores.get(best.model())) {
        best = c;
      }
    }
    return new ScoringDecision(context.requestId(), best.model(), scores, rationale(best, scores));
  }

  private double score(ModelCandidate c) {
    return weights.entrySet().stream().mapToDouble(w -> w.getValue() * c.signals().getOrDefault(w.getKey(), 0.0)).sum();
  }

  private String rationale(ModelCandidate best, Map<String, Double> scores) {
    String terms = weights.entrySet().stream()
        .map(w -> String.format(Locale.ROOT, "%+.2f*%s %.2f", w.getValue(), w.getKey(),
            best.signals().getOrDefault(w.getKey(), 0.0)))
        .collect(Collectors.joining(" "));
    double runnerUp = scores.entrySet().stream().filter(e -> !e.getKey().equals(best.model()))
        .mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%s scores %.4f (%s)", best.model(), scores.get(best.model()), terms)
        + (Double.isNaN(runnerUp) ? ", the only candidate"
            : String.format(Locale.ROOT, ", ahead of the next by %.4f", scores.get(best.model()) - runnerUp));
  }
}
