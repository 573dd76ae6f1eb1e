package dev.magnus.rollback.integration.pr1.examples;

import dev.magnus.rollback.integration.pr1.CodeLocation;
import dev.magnus.rollback.integration.pr1.DetectedPattern;
import dev.magnus.rollback.integration.pr1.MagnusPatternEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detect a handful of risky patterns in code text with regular expressions: a reference
 * implementation of {@link MagnusPatternEngine}, not PR #1's engine.
 *
 * <p>The default rules look at text, not at a syntax tree, so they miss what is spread over
 * unusual formatting and may flag what a comment or string contains:
 * <ul>
 *   <li>{@code retry-storm} (0.90): a loop whose body retries ({@code retry}, {@code attempt},
 *       {@code continue} after a catch) with no {@code sleep}/{@code backoff}/{@code delay} before
 *       its first closing brace;
 *   <li>{@code unbounded-recursion} (0.85): a method whose first statement calls itself;
 *   <li>{@code n-plus-one-query} (0.80): a query call ({@code query}, {@code find...},
 *       {@code select}, {@code execute...}) inside a {@code for}/{@code while} body;
 *   <li>{@code swallowed-exception} (0.60): an empty {@code catch} block;
 *   <li>{@code hardcoded-timeout} (0.30): a timeout or sleep given as a literal of 4 or more digits.
 * </ul>
 * Thread-safe and immutable.
 */
public final class RuleBasedPatternEngine implements MagnusPatternEngine {
  private static final int EVIDENCE_LENGTH = 60;
  private final List<Rule> rules;

  /**
   * Name one rule: a pattern name, its severity and the expression that finds it.
   *
   * @param name the pattern name reported
   * @param severity the severity reported, from 0.0 to 1.0
   * @param expression what to look for
   */
  public record Rule(String name, double severity, Pattern expression) {
    /** Validate. */
    public Rule {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(expression, "expression");
      if (!(severity >= 0.0 && severity <= 1.0)) {
        throw new IllegalArgumentException("severity of rule '" + name + "' must be from 0.0 to 1.0, was " + severity);
      }
    }
  }

  private RuleBasedPatternEngine(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Create an engine with the default rules listed above.
   *
   * @return the engine
   */
  public static RuleBasedPatternEngine withDefaultRules() {
    return new RuleBasedPatternEngine(defaultRules());
  }

  /**
   * Create an engine with other rules.
   *
   * @param rules the rules, reported in this order for matches at the same place
   * @return the engine
   */
  public static RuleBasedPatternEngine withRules(List<Rule> rules) {
    return new RuleBasedPatternEngine(Objects.requireNonNull(rules, "rules"));
  }

  /**
   * Return the default rules.
   *
   * @return the rules
   */
  public static List<Rule> defaultRules() {
    return List.of(
        new Rule("retry-storm", 0.90, Pattern.compile(
            "\\b(?:while|for)\\s*\\([^)]*\\)\\s*\\{(?:(?!sleep|backoff|delay)[^}])*?\\b(?:retry\\w*|attempt\\w*)\\s*\\(",
            Pattern.CASE_INSENSITIVE)),
        new Rule("unbounded-recursion", 0.85, Pattern.compile(
            "\\b(\\w+)\\s*\\([^()]*\\)\\s*(?:throws [\\w.,\\s]+)?\\{\\s*(?:return\\s+)?\\1\\s*\\(")),
        new Rule("n-plus-one-query", 0.80, Pattern.compile(
            "\\b(?:for|while)\\s*\\([^)]*\\)\\s*\\{[^}]*?\\b(?:query|find\\w*|select|execute\\w*)\\s*\\(")),
        new Rule("swallowed-exception", 0.60, Pattern.compile("\\bcatch\\s*\\([^)]*\\)\\s*\\{\\s*\\}")),
        new Rule("hardcoded-timeout", 0.30, Pattern.compile(
            "\\b\\w*(?:timeout|sleep)\\w*\\s*\\(\\s*\\d{4,}", Pattern.CASE_INSENSITIVE)));
  }

  @Override
  public List<DetectedPattern> detectPatterns(String code) {
    Objects.requireNonNull(code, "code");
    List<DetectedPattern> found = new ArrayList<>();
    for (Rule rule : rules) {
      Matcher m = rule.expression().matcher(code);
      while (m.find()) {
        found.add(new DetectedPattern(rule.name(), rule.severity(), locate(code, m.start()), evidence(code, m)));
      }
    }
    found.sort(Comparator.comparingInt((DetectedPattern p) -> p.location().line())
        .thenComparingInt(p -> p.location().column()));
    return List.copyOf(found);
  }

  private static CodeLocation locate(String code, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (code.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new CodeLocation(line, offset - lineStart + 1);
  }

  private static String evidence(String code, Matcher m) {
    String text = code.substring(m.start(), m.end()).replaceAll("\\s+", " ").trim();
    return text.length() <= EVIDENCE_LENGTH ? text : text.substring(0, EVIDENCE_LENGTH - 3) + "...";
  }
}
