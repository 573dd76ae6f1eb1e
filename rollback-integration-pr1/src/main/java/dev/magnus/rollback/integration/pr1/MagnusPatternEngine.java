package dev.magnus.rollback.integration.pr1;

import java.util.List;

/**
 * Detect code patterns (the Magnus 15 patterns of PR #1) in a piece of code: the port PR #1's pattern
 * engine implements. Implementations say their own thread-safety; the reference implementation,
 * {@link dev.magnus.rollback.integration.pr1.reference.RuleBasedPatternEngine}, is thread-safe.
 */
@FunctionalInterface
public interface MagnusPatternEngine {
  /**
   * Detect the patterns in a piece of code.
   *
   * @param code the source text
   * @return the patterns found, possibly none
   * @throws RuntimeException when detection fails; a decorated engine turns it into a
   *     PATTERN_DETECTION_ERROR recovery (see {@link RollbackBridge#decoratePatternEngine})
   */
  List<DetectedPattern> detectPatterns(String code);
}
