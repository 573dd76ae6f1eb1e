package dev.magnus.rollback.integration.pr1;

import java.util.Objects;

/**
 * Report one pattern found in code. Immutable.
 *
 * @param name the pattern's name, for example {@code retry-storm}
 * @param severity how much it matters, from 0.0 to 1.0 (or the engine's confidence, if it has no
 *     notion of severity); compared with {@link Pr1Settings#patternSignificanceThreshold()}
 * @param location where it starts
 * @param evidence the text that matched, shortened to one line
 */
public record DetectedPattern(String name, double severity, CodeLocation location, String evidence) {
  /**
   * Validate.
   *
   * @throws IllegalArgumentException if the name is blank or the severity is outside 0.0 to 1.0
   */
  public DetectedPattern {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(evidence, "evidence");
    if (name.isBlank()) {
      throw new IllegalArgumentException("pattern name is blank: name each pattern");
    }
    if (!(severity >= 0.0 && severity <= 1.0)) {
      throw new IllegalArgumentException("severity of pattern '" + name + "' must be from 0.0 to 1.0, was " + severity);
    }
  }
}
