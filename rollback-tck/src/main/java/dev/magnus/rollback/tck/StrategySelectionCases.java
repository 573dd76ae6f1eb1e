package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Check that exactly the checkpoint the strategy's kind promises is restored, over histories whose
 * ids, lengths and good/bad patterns differ, all recovered by one strategy instance, so that a
 * strategy that reuses what it learned in an earlier recovery, or counts on positions, fails.
 *
 * <p>A history is written as one letter per checkpoint, oldest first: {@code g} good, {@code c} corrupt,
 * {@code i} invalid, {@code p} a good PRE_ROLLBACK (never a candidate). The checkpoint at index n is
 * labelled {@code h<n>}.
 */
abstract class StrategySelectionCases extends StrategyCases {
  private static final List<String> ANY_ORDER = List.of("gggc", "gcgi", "ggggggggg", "gcggcci", "giii", "ggp",
      "cg", "gggggggggggggigcgc", "cccc", "igpc");
  private static final List<String> FIRST_BAD = List.of("ggcgg", "gigg", "gggggggi", "gggg", "ggpgc", "gggcgicg",
      "cgg", "gpgggggggggggggcgg");
  private static final List<String> MONOTONE = List.of("ggc", "gggggggi", "gccc", "gggg", "gggggggggggggcccc", "ic",
      "ggpgc", "gggggi");
  private static final List<String> NOT_MONOTONE = List.of("gcgg", "gggcgicg", "ggicgggc");

  @Test
  void everyHistoryGetsTheCheckpointTheKindPromises() {
    // given
    RecoveryStrategy strategy = contract().createStrategy(contract().config());
    List<String> wrong = new ArrayList<>();
    List<String> histories = switch (contract().kind()) {
      case NEWEST_GOOD, STEP_REPLAY -> ANY_ORDER;
      case BEFORE_FIRST_BAD -> FIRST_BAD;
      case BEFORE_A_BAD -> MONOTONE;
    };
    // when
    for (int n = 0; n < histories.size(); n++) {
      String pattern = histories.get(n);
      ScriptedRecoveryContext ctx = history("sel-" + n, "s" + n + "x" + pattern.length(), pattern);
      judge(pattern, ctx, run(strategy, ctx).result(), expected(pattern)).ifPresent(wrong::add);
    }
    // then
    assertEquals(List.of(), wrong, "recoveries that did not restore what " + contract().kind() + " promises");
  }

  @Test
  void aBisectingStrategyStopsAtAGoodCheckpointFollowedByABadOne() {
    // given
    requireKind(StrategyKind.BEFORE_A_BAD);
    RecoveryStrategy strategy = contract().createStrategy(contract().config());
    List<String> wrong = new ArrayList<>();
    // when
    for (int n = 0; n < NOT_MONOTONE.size(); n++) {
      String pattern = NOT_MONOTONE.get(n);
      ScriptedRecoveryContext ctx = history("bisect-" + n, "b" + n, pattern);
      RecoveryResult result = run(strategy, ctx).result();
      List<Integer> boundaries = IntStream.range(0, pattern.length()).filter(i -> atBoundary(pattern, i)).boxed()
          .toList();
      if (result.restored().isEmpty() || boundaries.stream().noneMatch(i -> result.restored().get()
          .equals(ctx.idOf("h" + i)))) {
        wrong.add(pattern + ": restored " + result.restored() + ", expected one of h" + boundaries + " " + result);
      }
    }
    // then
    assertEquals(List.of(), wrong, "a good checkpoint that is the newest or followed by a bad one");
  }

  @Test
  void aSecondRecoveryOfTheSameSessionJudgesItsNewHistory() {
    // given one strategy, one session, ids that stay the same as the history grows
    RecoveryStrategy strategy = contract().createStrategy(contract().config());
    List<String> wrong = new ArrayList<>();
    // when
    for (String pattern : List.of("ggc", "gggcc", "gcccc")) {
      ScriptedRecoveryContext ctx = history("again", "again", pattern);
      judge(pattern, ctx, run(strategy, ctx).result(), expected(pattern)).ifPresent(wrong::add);
    }
    // then
    assertEquals(List.of(), wrong, "each recovery must look at the session's history as it is now");
  }

  private ScriptedRecoveryContext history(String sessionId, String prefix, String pattern) {
    RecoveryScript script = session(sessionId, contract().config()).idPrefix(prefix);
    for (int i = 0; i < pattern.length(); i++) {
      String label = "h" + i;
      switch (pattern.charAt(i)) {
        case 'c' -> script.corrupt(label);
        case 'i' -> script.invalid(label);
        case 'p' -> script.good(label, CheckpointType.PRE_ROLLBACK);
        default -> script.good(label);
      }
    }
    return script.build();
  }

  /** The index the kind promises to restore, or empty when it must fail. */
  private Optional<Integer> expected(String pattern) {
    List<Integer> candidates = IntStream.range(0, pattern.length()).filter(i -> pattern.charAt(i) != 'p').boxed()
        .toList();
    if (contract().kind() == StrategyKind.NEWEST_GOOD || contract().kind() == StrategyKind.STEP_REPLAY) {
      return candidates.stream().filter(i -> pattern.charAt(i) == 'g').reduce((a, b) -> b);
    }
    int firstBad = IntStream.range(0, candidates.size()).filter(k -> pattern.charAt(candidates.get(k)) != 'g')
        .findFirst().orElse(candidates.size());
    return firstBad == 0 ? Optional.empty() : Optional.of(candidates.get(firstBad - 1));
  }

  private static boolean atBoundary(String pattern, int i) {
    if (pattern.charAt(i) != 'g') {
      return false;
    }
    int next = i + 1;
    while (next < pattern.length() && pattern.charAt(next) == 'p') {
      next++;
    }
    return next == pattern.length() || pattern.charAt(next) != 'g';
  }

  private static Optional<String> judge(String pattern, ScriptedRecoveryContext ctx, RecoveryResult result,
      Optional<Integer> expected) {
    if (expected.isEmpty()) {
      return result.outcome() == Outcome.FAILURE && ScriptedRecoveryContext.BROKEN.equals(ctx.currentLabel())
          ? Optional.empty()
          : Optional.of(pattern + ": expected FAILURE with the state unchanged, got " + result);
    }
    String label = "h" + expected.get();
    boolean right = result.outcome() == Outcome.SUCCESS && result.restored().equals(Optional.of(ctx.idOf(label)))
        && label.equals(ctx.currentLabel());
    return right ? Optional.empty() : Optional.of(pattern + ": expected " + label + " (" + ctx.idOf(label)
        + ") restored and current, got current " + ctx.currentLabel() + " and " + result);
  }
}
