package dev.magnus.rollback.integration.pr1;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Offer one model to the scorer, with the signals known about it. Immutable.
 *
 * @param model the model's name, for example {@code opus}
 * @param signals named signals from 0.0 to 1.0, for example {@code quality}, {@code latency},
 *     {@code cost}; their meaning is the scorer's
 */
public record ModelCandidate(String model, Map<String, Double> signals) {
  /**
   * Validate and copy.
   *
   * @throws IllegalArgumentException if the model name is blank or a signal is not a number from 0.0 to 1.0
   */
  public ModelCandidate {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(signals, "signals");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model name is blank: name each candidate");
    }
    Map<String, Double> copy = new LinkedHashMap<>();
    signals.forEach((k, v) -> {
      Objects.requireNonNull(k, "signal name");
      if (v == null || !(v >= 0.0 && v <= 1.0)) {
        throw new IllegalArgumentException("signal '" + k + "' of model '" + model + "' must be from 0.0 to 1.0, was " + v);
      }
      copy.put(k, v);
    });
    signals = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Create a candidate.
   *
   * @param model the model's name
   * @param signals its signals
   * @return the candidate
   */
  public static ModelCandidate of(String model, Map<String, Double> signals) {
    return new ModelCandidate(model, signals);
  }
}
