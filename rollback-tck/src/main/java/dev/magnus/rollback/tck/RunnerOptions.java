package dev.magnus.rollback.tck;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parse {@link TckRunner}'s command line strictly: every option is known, takes one value and is given
 * once, except {@code --help}. A problem is reported as one line naming the option and pointing to
 * {@code --help}. Immutable.
 *
 * @param values the options given, by name
 * @param help whether {@code --help} was given
 * @param problem what is wrong with the command line, if anything
 */
record RunnerOptions(Map<String, String> values, boolean help, Optional<String> problem) {
  static final String USAGE = "usage: TckRunner (--store <name> [--directory-option <key>] | --strategy <name> "
      + "[--kind <KIND>] [--replays-steps true|false]) [--groups <group,group...>] [--reports <dir>] | --help";
  private static final Set<String> KNOWN = Set.of("--store", "--strategy", "--directory-option", "--replays-steps",
      "--kind", "--groups", "--reports");

  RunnerOptions {
    values = Map.copyOf(values);
  }

  /** Parse the arguments; never throws for bad input, it is reported in {@link #problem()}. */
  static RunnerOptions parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return new RunnerOptions(values, true, Optional.empty());
      }
      if (!KNOWN.contains(option)) {
        return failed(values, "unknown option '" + option + "'; run with --help for the options");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        return failed(values, "option " + option + " needs a value; run with --help for the options");
      }
      if (values.putIfAbsent(option, args[++i]) != null) {
        return failed(values, "option " + option + " is given twice; give it once");
      }
    }
    return new RunnerOptions(values, false, check(values));
  }

  private static Optional<String> check(Map<String, String> values) {
    if (values.containsKey("--strategy") && values.containsKey("--directory-option")) {
      return Optional.of("option --directory-option applies to --store only; run with --help for the options");
    }
    if (values.containsKey("--store") && values.containsKey("--replays-steps")) {
      return Optional.of("option --replays-steps applies to --strategy only; run with --help for the options");
    }
    if (values.containsKey("--store") && values.containsKey("--kind")) {
      return Optional.of("option --kind applies to --strategy only; run with --help for the options");
    }
    if (values.containsKey("--kind")) {
      try {
        ProviderStrategyContract.kind(values.get("--kind"));
      } catch (IllegalArgumentException e) {
        return Optional.of(String.valueOf(e.getMessage()));
      }
    }
    String steps = values.getOrDefault("--replays-steps", "false");
    if (!steps.equals("true") && !steps.equals("false")) {
      return Optional.of("option --replays-steps takes true or false, was '" + steps + "'");
    }
    return Optional.empty();
  }

  private static RunnerOptions failed(Map<String, String> values, String problem) {
    return new RunnerOptions(values, false, Optional.of(problem));
  }

  Optional<String> store() {
    return Optional.ofNullable(values.get("--store"));
  }

  Optional<String> strategy() {
    return Optional.ofNullable(values.get("--strategy"));
  }

  String directoryOption() {
    return values.getOrDefault("--directory-option", "path");
  }

  Optional<String> kind() {
    return Optional.ofNullable(values.get("--kind"));
  }

  boolean replaysSteps() {
    return Boolean.parseBoolean(values.getOrDefault("--replays-steps", "false"));
  }

  /** Return the groups to run, or empty for all. */
  List<String> groups() {
    return Optional.ofNullable(values.get("--groups")).map(g -> Arrays.stream(g.split(","))
        .map(String::trim).filter(n -> !n.isEmpty()).toList()).orElse(List.of());
  }

  String reports() {
    return values.getOrDefault("--reports", "tck-reports");
  }
}
