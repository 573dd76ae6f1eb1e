package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Read the main sources of every module and check the shape rules of CONTRIBUTING.md that ArchUnit
 * cannot see in bytecode: no main source file over 400 lines, no method or constructor over 40 lines
 * (from its declaration to its closing brace), and a small public surface — outside
 * rollback-api, rollback-tck (the contracts and the kit third parties use), the PR #1 ports and
 * rollback-bench (JMH needs public classes; it is not a library) and the PR #1 examples artifact (examples
 * are there to be read and copied), at most 15% of the top-level main
 * types are public in a package that is not {@code …internal}. The figures are printed, so the build
 * log shows the surface with each run.
 */
class SourceShapeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Set<String> NOT_COUNTED = Set.of("rollback-api", "rollback-tck", "rollback-bench",
      "rollback-integration-pr1-examples");
  /** The PR #1 ports: the interfaces PR #1's components implement and the values they exchange. */
  private static final Set<String> PR1_PORTS = Set.of("MagnusPatternEngine", "ConvergenceScorer", "TherapeuticLoop",
      "ScoringContext", "ScoringDecision", "PhaseTransition", "ModelCandidate", "CodeLocation", "DetectedPattern",
      "TherapeuticPhase", "Pr1ComponentException");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
      Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

  @Test
  void noMainSourceFileIsLongerThan400Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path file : mainSources()) {
      long lines = Files.readAllLines(file).size();
      if (lines > 400) {
        tooLong.add(ROOT.relativize(file) + " (" + lines + " lines)");
      }
    }
    assertTrue(tooLong.isEmpty(), "a file over 400 lines usually holds two ideas; split: " + tooLong);
  }

  @Test
  void noMainMethodIsLongerThan40Lines() throws IOException {
    List<String> tooLong = new ArrayList<>();
    for (Path file : mainSources()) {
      for (MethodSpan m : MethodSpan.in(Files.readString(file))) {
        if (m.lines() > 40) {
          tooLong.add(ROOT.relativize(file) + ":" + m.firstLine() + " " + m.header() + " (" + m.lines() + " lines)");
        }
      }
    }
    assertTrue(tooLong.isEmpty(), "a method over 40 lines (declaration to closing brace) does several things; "
        + "extract them: " + tooLong);
  }

  @Test
  void theMethodScannerMeasuresMethodsAndConstructorsButNotBlocksLambdasOrTypes() {
    String source = String.join("\n",
        "class A {",                                      // 1
        "  A(int x) {",                                   // 2: a constructor, 4 lines
        "    if (x > 0) { x++; }",
        "    String s = \"} not a brace {\"; // }",
        "  }",
        "  /* void fake() { */",                          // 6
        "  <T> java.util.List<T> copy(java.util.List<T> in) throws Exception {",  // 7: 5 lines
        "    Runnable r = () -> {",
        "    };",
        "    return new java.util.ArrayList<>(in) { };",
        "  }",
        "  record R(int a) {",                             // 12: a type, not measured
        "    R {",
        "    }",
        "  }",
        "}");
    List<MethodSpan> spans = MethodSpan.in(source);
    assertEquals(List.of("A(int x):2:4", "copy(java.util.List<T> in) throws Exception:7:5"),
        spans.stream().map(m -> m.header() + ":" + m.firstLine() + ":" + m.lines()).toList());
  }

  @Test
  void atMostFifteenPercentOfTheCountedTopLevelTypesArePublic() throws IOException {
    List<String> visible = new ArrayList<>();
    int counted = 0;
    for (Path file : mainSources()) {
      String module = ROOT.relativize(file).getName(0).toString();
      String name = file.getFileName().toString().replace(".java", "");
      if (NOT_COUNTED.contains(module) || name.equals("package-info")
          || (module.equals("rollback-integration-pr1") && PR1_PORTS.contains(name))) {
        continue;
      }
      counted++;
      String text = Files.readString(file);
      Matcher pkg = PACKAGE.matcher(text);
      boolean internal = pkg.find() && (pkg.group(1).endsWith(".internal") || pkg.group(1).contains(".internal."));
      if (!internal && PUBLIC_TYPE.matcher(text).find()) {
        visible.add(module + ": " + name);
      }
    }
    double share = 100.0 * visible.size() / counted;
    System.out.printf("public surface: %d of %d counted top-level main types (%.1f%%): %s%n", visible.size(), counted,
        share, visible);
    assertTrue(share <= 15.0, String.format("%d of %d counted top-level types are public (%.1f%%, at most 15%%): %s",
        visible.size(), counted, share, visible));
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("rollback-")).toList()) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> walk = Files.walk(main)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
          }
        }
      }
    }
    assertTrue(files.size() > 100, "found only " + files.size() + " main sources under " + ROOT);
    return files;
  }
}
