package dev.magnus.rollback.tck;

import dev.magnus.rollback.tck.ContractSummary.CaseResult;
import dev.magnus.rollback.tck.ContractSummary.Status;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Explain a contract run where it runs (Surefire, Gradle, an IDE): registered on every contract base
 * class, so each subclass gets it without asking. It records how every case ended, by group, and when
 * the contract class finishes prints passed / failed / skipped per group and each distinct skip reason
 * once on standard output. With the configuration parameter {@value #REPORTS_PARAMETER} set it also
 * writes JUnit XML whose class names are qualified by the contract subclass ({@link ContractXmlReport}).
 *
 * <p>Design: the summary lives in the top-level class's extension store, so two contract subclasses in
 * one run never mix; nested groups inherit this extension from the enclosing class. A dry run
 * ({@value #DRY_RUN_PARAMETER}) disables every case but lets parameterized cases expand, so a tool can
 * count and list cases without running them. Stateless itself; the summary is thread-safe.
 */
final class ContractSummaryExtension implements TestWatcher, BeforeTestExecutionCallback, AfterAllCallback,
    ExecutionCondition {
  /** Configuration parameter: {@code false} stops the summary on standard output (default {@code true}). */
  static final String SUMMARY_PARAMETER = "rollback.tck.summary";
  /** Configuration parameter: a directory to write qualified JUnit XML into (default: none written). */
  static final String REPORTS_PARAMETER = "rollback.tck.reportsDir";
  /** Configuration parameter: the suite name in the XML (default: the contract subclass's name). */
  static final String REPORT_NAME_PARAMETER = "rollback.tck.reportName";
  /** Configuration parameter: {@code true} lists the cases as skipped without running any. */
  static final String DRY_RUN_PARAMETER = "rollback.tck.dryRun";
  /** The skip reason of every case in a dry run. */
  static final String DRY_RUN_REASON = "dry run: the case is listed, not run";

  private static final Namespace NAMESPACE = Namespace.create(ContractSummaryExtension.class);
  private static final Pattern INVOCATION = Pattern.compile("#(\\d+)]$");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    boolean invocation = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    boolean aCase = context.getTestMethod()
        .filter(m -> invocation || !AnnotationSupport.isAnnotated(m, TestTemplate.class)).isPresent();
    return aCase && flag(context, DRY_RUN_PARAMETER, false) ? ConditionEvaluationResult.disabled(DRY_RUN_REASON)
        : ConditionEvaluationResult.enabled("not a dry run");
  }

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    context.getStore(NAMESPACE).put("started", System.nanoTime());
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    record(context, Status.PASSED, Optional.empty(), Optional.empty());
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    record(context, Status.FAILED, Optional.ofNullable(cause.getMessage()), Optional.of(cause));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    record(context, Status.SKIPPED, Optional.ofNullable(cause.getMessage()), Optional.empty());
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    record(context, Status.SKIPPED, reason, Optional.empty());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ContractSummary summary = context.getStore(NAMESPACE).get(ContractSummary.class, ContractSummary.class);
    if (root(context) != context || summary == null || flag(context, DRY_RUN_PARAMETER, false)) {
      return;
    }
    if (flag(context, SUMMARY_PARAMETER, true)) {
      summary.print(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    }
    Optional<String> reports = context.getConfigurationParameter(REPORTS_PARAMETER).filter(s -> !s.isBlank());
    if (reports.isPresent()) {
      String suite = context.getConfigurationParameter(REPORT_NAME_PARAMETER).filter(s -> !s.isBlank())
          .orElse(context.getRequiredTestClass().getName());
      ContractXmlReport.write(summary, suite, Path.of(reports.get()));
    }
  }

  private static void record(ExtensionContext context, Status status, Optional<String> reason,
      Optional<Throwable> error) {
    ExtensionContext root = root(context);
    ContractSummary summary = root.getStore(NAMESPACE).getOrComputeIfAbsent(ContractSummary.class,
        type -> new ContractSummary(root.getRequiredTestClass().getName()), ContractSummary.class);
    Long started = context.getStore(NAMESPACE).get("started", Long.class);
    Duration time = started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    summary.add(new CaseResult(group(context), name(context), status, reason, error, time));
  }

  /** Return the top-level class's context: the contract subclass. */
  static ExtensionContext root(ExtensionContext context) {
    ExtensionContext at = context;
    while (at.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      at = at.getParent().orElseThrow();
    }
    return at;
  }

  /** Return the display name of the nearest class around a case: its group. */
  private static String group(ExtensionContext context) {
    ExtensionContext at = context;
    while (at.getTestMethod().isPresent() && at.getParent().isPresent()) {
      at = at.getParent().orElseThrow();
    }
    return at.getDisplayName();
  }

  /** Return the method's name, with {@code [n]} for the n-th invocation of a parameterized case. */
  private static String name(ExtensionContext context) {
    String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse(context.getDisplayName());
    Matcher invocation = INVOCATION.matcher(context.getUniqueId());
    boolean template = context.getParent().flatMap(ExtensionContext::getTestMethod).isPresent();
    return template && invocation.find() ? method + "[" + invocation.group(1) + "]" : method;
  }

  private static boolean flag(ExtensionContext context, String parameter, boolean otherwise) {
    return context.getConfigurationParameter(parameter).map(Boolean::parseBoolean).orElse(otherwise);
  }
}
