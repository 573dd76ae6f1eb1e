package dev.magnus.rollback.tck;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Collect the outcome of every case of one contract run and print it: passed / failed / skipped per
 * group, then each distinct skip reason once, with the groups it skipped cases in. Fed by
 * {@link ContractSummaryExtension} inside a test run (Surefire, Gradle, an IDE) and by {@link TckRunner}'s
 * launcher listener; both print the same table. Thread-safe: cases may finish on parallel threads.
 */
final class ContractSummary {
  /** How one case ended. */
  enum Status { PASSED, FAILED, SKIPPED }

  /**
   * One finished case.
   *
   * @param group the group's display name (the {@code @Nested} class)
   * @param name the case's name: the method, with {@code [n]} for the n-th invocation of a parameterized case
   * @param status how it ended
   * @param reason why it was skipped, or the failure's message
   * @param error the failure, for failed cases
   * @param time how long it ran
   */
  record CaseResult(String group, String name, Status status, Optional<String> reason, Optional<Throwable> error,
      Duration time) {}

  private final String title;
  private final List<CaseResult> results = new ArrayList<>();

  ContractSummary(String title) {
    this.title = title;
  }

  String title() {
    return title;
  }

  synchronized void add(CaseResult result) {
    results.add(result);
  }

  synchronized List<CaseResult> results() {
    return List.copyOf(results);
  }

  long count(Status status) {
    return results().stream().filter(r -> r.status() == status).count();
  }

  /** Print the table, the skip reasons and the totals. */
  void print(PrintWriter out) {
    List<CaseResult> all = results();
    Map<String, long[]> groups = new LinkedHashMap<>();
    all.forEach(r -> groups.computeIfAbsent(r.group(), g -> new long[3])[r.status().ordinal()]++);
    int width = Math.max(18, groups.keySet().stream().mapToInt(String::length).max().orElse(0) + 1);
    out.printf("TCK %s%n%-" + width + "s %7s %7s %7s%n", title, "group", "passed", "failed", "skipped");
    groups.forEach((group, c) -> out.printf("%-" + width + "s %7d %7d %7d%n", group, c[0], c[1], c[2]));
    printSkipReasons(all, out);
    out.printf("%d passed, %d failed, %d skipped%n", count(all, Status.PASSED), count(all, Status.FAILED),
        count(all, Status.SKIPPED));
    out.flush();
  }

  private static void printSkipReasons(List<CaseResult> all, PrintWriter out) {
    Map<String, Map<String, Long>> byReason = new LinkedHashMap<>();
    all.stream().filter(r -> r.status() == Status.SKIPPED).forEach(r -> byReason
        .computeIfAbsent(r.reason().orElse("no reason given"), k -> new LinkedHashMap<>())
        .merge(r.group(), 1L, Long::sum));
    if (byReason.isEmpty()) {
      return;
    }
    out.println("skipped, with the reason:");
    byReason.forEach((reason, groups) -> out.printf("  %s: %s%n", groups.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")), reason));
  }

  private static long count(List<CaseResult> all, Status status) {
    return all.stream().filter(r -> r.status() == status).count();
  }
}
