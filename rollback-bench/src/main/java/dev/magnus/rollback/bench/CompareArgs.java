package dev.magnus.rollback.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line the comparisons share: {@code [--quick] [--rounds N] [--out DIR]}; the report goes
 * to {@code DIR} ({@code rollback-bench/results} when run from the repository root, else the working
 * directory).
 *
 * @param plan the rounds to run
 * @param out the report directory
 */
record CompareArgs(Compare.Plan plan, Path out) {
  /**
   * Parse the arguments of the comparison {@code name}.
   *
   * @throws IllegalArgumentException naming an unknown argument and the usage
   */
  static CompareArgs parse(String name, String[] args) {
    return parse(name, args, false);
  }

  /**
   * Parse as above; with {@code only}, also {@code --only PREFIX,...} (measure only the figures whose key
   * starts with one of them; {@link Compare} filters its cells by it).
   */
  static CompareArgs parse(String name, String[] args, boolean only) {
    boolean quick = false;
    int rounds = 0;
    List<String> prefixes = List.of();
    Path out = Files.isDirectory(Path.of("rollback-bench", "results")) ? Path.of("rollback-bench", "results") : Path.of(".");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> {
          if (!only) {
            throw unknown(name, args[i], false);
          }
          prefixes = List.of(args[++i].split(","));
        }
        default -> throw unknown(name, args[i], only);
      }
    }
    return new CompareArgs(Compare.Plan.of(quick, rounds, prefixes), out);
  }

  private static IllegalArgumentException unknown(String name, String argument, boolean only) {
    return new IllegalArgumentException("unknown argument " + argument + "; usage: " + name
        + " [--quick] [--rounds N] [--out DIR]" + (only ? " [--only PREFIX,...]" : ""));
  }
}
