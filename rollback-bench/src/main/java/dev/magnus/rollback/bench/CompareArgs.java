package dev.magnus.rollback.bench;

import java.nio.file.Files;
import java.nio.file.Path;

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
    boolean quick = false;
    int rounds = 0;
    Path out = Files.isDirectory(Path.of("rollback-bench", "results")) ? Path.of("rollback-bench", "results") : Path.of(".");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: " + name
            + " [--quick] [--rounds N] [--out DIR]");
      }
    }
    return new CompareArgs(Compare.Plan.of(quick, rounds), out);
  }
}
