package dev.magnus.rollback.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file store's rows of the comparison by themselves (issue 19's fsync-floor figures): the raw
 * append+force loop on a growing and on a preallocated file, the file store through the engine with
 * 1 and 32 sessions, and SQLite with 1 and 32 writers, measured like {@link Compare} (an uncounted
 * warm-up round, then rounds in a rotating order; each ratio the median of the ratios within the
 * rounds). Usage: {@code java -cp rollback-bench/target/benchmarks.jar
 * dev.magnus.rollback.bench.FileFloorCompare [--rounds N] [--seconds S]} (defaults 5 and 1.5). It
 * prints one line per round (for runs that alternate two builds) and a table of the ratios, with the
 * load average before and after. Not thread-safe; one run per JVM.
 */
public final class FileFloorCompare {
  private static final Set<String> KEYS = Set.of("raw.force.1", "raw.prealloc.1", "file.checkpoint.1", "sqlite.1",
      "file.checkpoint.32", "sqlite.32");

  private FileFloorCompare() {}

  /**
   * Run the rounds and print them.
   *
   * @param args {@code --rounds N}, {@code --seconds S}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = 5;
    double seconds = 1.5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: FileFloorCompare [--rounds N] [--seconds S]");
      }
    }
    System.out.println(run(rounds, (long) (seconds * 1e9)));
  }

  static String run(int rounds, long nanos) throws Exception {
    String loadBefore = Compare.load();
    Path base = TempDirs.create("rollback-file-floor-");
    try {
      int recordBytes = FileStoreThroughput.recordBytes(base.resolve("record-bytes"));
      List<Cells.Cell> cells = new ArrayList<>();
      for (Cells.Cell c : new Cells(base, recordBytes, base.resolve("unused")).all()) {
        if (KEYS.contains(c.key())) {
          cells.add(c);
        }
      }
      Report report = new Report(cells);
      Compare.round(cells, 0, nanos / 5, nanos / 5);
      for (int r = 0; r < rounds; r++) {
        Map<String, Double> f = Compare.round(cells, r, nanos, nanos);
        report.add(f);
        System.out.println(Report.f("round %d: %s", r + 1, ratios(f)));
      }
      return Report.f("load average %s before, %s after; %d rounds of %.1f s per figure; record %d bytes%n%n",
          loadBefore, Compare.load(), rounds, nanos / 1e9, recordBytes) + table(report) + "\n" + report.figures();
    } finally {
      TempDirs.delete(base);
    }
  }

  private static String ratios(Map<String, Double> f) {
    return Report.f("file1/sqlite1 %.2f file1/raw %.2f file1/rawPrealloc %.2f file32/file1 %.2f "
        + "file32/sqlite32 %.2f rawPrealloc/raw %.2f", f.get("file.checkpoint.1") / f.get("sqlite.1"),
        f.get("file.checkpoint.1") / f.get("raw.force.1"), f.get("file.checkpoint.1") / f.get("raw.prealloc.1"),
        f.get("file.checkpoint.32") / f.get("file.checkpoint.1"), f.get("file.checkpoint.32") / f.get("sqlite.32"),
        f.get("raw.prealloc.1") / f.get("raw.force.1"));
  }

  private static String table(Report r) {
    List<Report.Target> t = new ArrayList<>();
    t.add(target(r, "file store (always), 1 session, vs SQLite WAL FULL, 1 writer", "file.checkpoint.1", "sqlite.1",
        1.0));
    t.add(target(r, "same, vs raw append + force (growing file)", "file.checkpoint.1", "raw.force.1", 0.9));
    t.add(target(r, "same, vs raw append + force (preallocated file)", "file.checkpoint.1", "raw.prealloc.1", 0.9));
    t.add(target(r, "file store, 32 sessions, vs its 1 session", "file.checkpoint.32", "file.checkpoint.1", 10));
    t.add(target(r, "file store, 32 sessions, vs SQLite 32 writers", "file.checkpoint.32", "sqlite.32", 5));
    double raw = r.ratio("raw.prealloc.1", "raw.force.1");
    t.add(new Report.Target("raw loop, preallocated vs growing file", Report.f("%.2fx", raw), "(information)", true));
    return Report.targets("issue 19 figure", t);
  }

  private static Report.Target target(Report r, String what, String num, String den, double goal) {
    double x = r.ratio(num, den);
    return new Report.Target(what, Report.f("%.2fx", x), Report.f("≥ %.1fx", goal), x >= goal);
  }
}
