package dev.magnus.rollback.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compare the engine and its stores with their floors and with the alternatives, in one run,
 * interleaved, and print a Markdown report (DESIGN.md section 10).
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.Compare
 * [--quick] [--rounds N] [--out DIR] [--only PREFIX,...]}; {@code --only} measures only the figures whose key
 * starts with one of the prefixes (for example {@code floor.,memory.}), and the targets it has both figures of. An uncounted warm-up round runs every figure once; then each
 * round runs every figure once, in an order rotated by one each round, so drift on a shared machine
 * (other processes, disk write-back) reaches every figure alike. Each figure is the median over the
 * rounds; each ratio is the median of the ratios taken within each round. The report is printed and
 * written to {@code DIR/compare[-quick].md} with the chart {@code DIR/throughput[-quick].svg}
 * (default DIR: {@code rollback-bench/results} when it exists, else the working directory). Every
 * file the run writes besides those lives under {@code java.io.tmpdir} and is deleted at the end. With a
 * PostgreSQL server named by {@code ROLLBACK_JDBC_URL}, {@code ROLLBACK_JDBC_USER} and
 * {@code ROLLBACK_JDBC_PASSWORD}, the rounds also measure raw single-row inserts and the store's appends
 * (1 and 32 writers, {@link JdbcRig}, in a schema of their own that is dropped at the end); without one
 * the report says those rows were not measured.
 */
public final class Compare {
  private static final Map<String, String> CHART_STORES = new LinkedHashMap<>();

  static {
    CHART_STORES.put("memory.checkpoint.", "memory store (engine)");
    CHART_STORES.put("file.checkpoint.", "file store, always (engine)");
    CHART_STORES.put("sqlite.", "SQLite WAL, synchronous=FULL");
    CHART_STORES.put("perfile.", "file per checkpoint");
  }

  private Compare() {}

  /** How long the run measures. */
  record Plan(boolean quick, int rounds, long durableNanos, long cpuNanos, long warmDurableNanos, long warmCpuNanos,
      List<String> only) {
    static Plan of(boolean quick, int rounds) {
      return of(quick, rounds, List.of());
    }

    static Plan of(boolean quick, int rounds, List<String> only) {
      return quick ? new Plan(true, rounds > 0 ? rounds : 3, 200_000_000L, 150_000_000L, 60_000_000L, 600_000_000L, only)
          : new Plan(false, rounds > 0 ? rounds : 7, 1_500_000_000L, 700_000_000L, 1_500_000_000L, 2_500_000_000L, only);
    }

    boolean measures(String key) {
      return only.isEmpty() || only.stream().anyMatch(key::startsWith);
    }
  }

  /**
   * Run the comparison.
   *
   * @param args {@code --quick}, {@code --rounds N}, {@code --out DIR}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    CompareArgs parsed = CompareArgs.parse("Compare", args, true);
    System.out.println(run(parsed.plan(), parsed.out()));
  }

  static String run(Plan plan, Path out) throws Exception {
    long started = System.nanoTime();
    String loadBefore = load();
    Path base = TempDirs.create("rollback-bench-");
    try {
      Extras.Bytes medium = Extras.bytes(base, BenchStates.Size.MEDIUM);
      Extras.Bytes large = Extras.bytes(base, BenchStates.Size.LARGE);
      int recordBytes = (int) Math.round(medium.diskPlain());
      Path reopenDir = base.resolve("reopen");
      Extras.buildReopenStore(reopenDir);
      String pgUrl = System.getenv("ROLLBACK_JDBC_URL");
      boolean pgNamed = pgUrl != null && !pgUrl.isBlank();
      try (JdbcRig pg = pgNamed && plan.measures("pg.") ? new JdbcRig(pgUrl) : null) {
        Cells cells = new Cells(base, recordBytes, reopenDir, pg);
        return measureAndReport(plan, out, cells, medium, large, recordBytes, loadBefore, started, pgNamed);
      }
    } finally {
      TempDirs.delete(base);
    }
  }

  private static String measureAndReport(Plan plan, Path out, Cells cells, Extras.Bytes medium, Extras.Bytes large,
      int recordBytes, String loadBefore, long started, boolean pgNamed) throws Exception {
    List<Cells.Cell> all = cells.all().stream().filter(c -> plan.measures(c.key())).toList();
    LargeReopen.Disk largeStore = all.stream().anyMatch(c -> c.key().startsWith(Cells.LARGE_REOPEN))
        ? LargeReopen.build(cells.largeReopenDir) : null;
    Report report = rounds(all, plan);
    Extras.Heap heap = Extras.heap();
    String chart = ThroughputChart.svg("Checkpoints per second against concurrent sessions", Cells.SESSIONS,
        series(report));
    Files.createDirectories(out);
    String suffix = (plan.quick() ? "-quick" : "") + (plan.only().isEmpty() ? "" : "-only");
    Files.writeString(out.resolve("throughput" + suffix + ".svg"), chart);
    String text = markdown(plan, report, cells.payloadBytes(), recordBytes, medium, large, heap, loadBefore,
        (System.nanoTime() - started) / 1e9) + largeReopen(largeStore) + (pgNamed ? "" : NO_PG);
    Files.writeString(out.resolve("compare" + suffix + ".md"), text);
    return text;
  }

  private static final String NO_PG = "\nPostgreSQL rows: not measured (no server named: set ROLLBACK_JDBC_URL, "
      + "ROLLBACK_JDBC_USER and ROLLBACK_JDBC_PASSWORD; `. .ci/postgres` starts one and exports them).\n";

  /** Run a warm-up round, then the plan's rounds of every cell, each round starting at another cell. */
  static Report rounds(List<Cells.Cell> all, Plan plan) throws Exception {
    Report report = new Report(all);
    System.err.println("warm-up round (not counted)");
    round(all, 0, plan.warmDurableNanos(), plan.warmCpuNanos());
    for (int r = 0; r < plan.rounds(); r++) {
      System.err.printf("round %d of %d%n", r + 1, plan.rounds());
      report.add(round(all, r, plan.durableNanos(), plan.cpuNanos()));
    }
    return report;
  }

  static Map<String, Double> round(List<Cells.Cell> cells, int r, long durableNanos, long cpuNanos)
      throws Exception {
    Map<String, Double> figures = new LinkedHashMap<>();
    for (int k = 0; k < cells.size(); k++) {
      Cells.Cell c = cells.get((r + k) % cells.size());
      figures.put(c.key(), c.measure().run(c.durable() ? durableNanos : cpuNanos));
    }
    return figures;
  }

  private static List<ThroughputChart.Series> series(Report report) {
    List<ThroughputChart.Series> series = new ArrayList<>();
    CHART_STORES.forEach((prefix, name) -> {
      double[] rates = new double[Cells.SESSIONS.length];
      for (int i = 0; i < rates.length; i++) {
        rates[i] = report.median(prefix + Cells.SESSIONS[i]);
      }
      series.add(new ThroughputChart.Series(name, rates));
    });
    return series;
  }

  private static String markdown(Plan plan, Report r, int payload, int recordBytes, Extras.Bytes medium,
      Extras.Bytes large, Extras.Heap heap, String loadBefore, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append(Report.f("## Comparison (%s: %d rounds, %.1f s per durable figure, %.1f s per CPU figure)%n%n",
        plan.quick() ? "quick" : "full", plan.rounds(), plan.durableNanos() / 1e9, plan.cpuNanos() / 1e9));
    b.append(Report.f("%d processors, Java %s, load average %s before and %s after; %.0f s in all. State: %d "
        + "attributes, %d bytes encoded; file-store record on disk %d bytes (the raw loop appends as many).%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore, load(), seconds,
        BenchStates.Size.MEDIUM.attributes(), payload, recordBytes));
    b.append(r.sessionsTable(CHART_STORES)).append('\n');
    b.append(Report.targets(targets(r, heap).stream().filter(t -> !t.measured().startsWith("NaN")).toList())).append('\n');
    b.append(ceilings(r));
    b.append(Report.f("Rollback against the single-snapshot floor (literal reading of the target): %.2fx.%n%n",
        r.ratio("floor.snapshot", "memory.rollback.1")));
    b.append("| bytes per checkpoint | encoded state | stored, no compression | stored, deflate | file store on disk, "
        + "no compression | file store on disk, deflate |\n|---|---:|---:|---:|---:|---:|\n");
    for (Extras.Bytes x : List.of(medium, large)) {
      b.append(Report.f("| %s state | %,d | %,d | %,d | %,.0f | %,.0f |%n", x.state(), x.raw(), x.storedPlain(),
          x.storedDeflate(), x.diskPlain(), x.diskDeflate()));
    }
    b.append(Report.f("%nHeap retained by %,d in-memory checkpoints (%,d payload bytes): memory store %,d bytes "
        + "(%.2fx payload); engine and store together %,d bytes (%.2fx; adds the engine's audit trail).%n%n",
        heap.checkpoints(), heap.payloadBytes(), heap.storeRetained(), heap.storeRetained() / (double) heap.payloadBytes(),
        heap.engineAndStoreRetained(), heap.engineAndStoreRetained() / (double) heap.payloadBytes()));
    b.append("All figures (median, min and max over the rounds):\n\n").append(r.figures());
    return b.toString();
  }

  /** Describe the 200,000-checkpoint store: its segments and the disk cost of their summaries. */
  private static String largeReopen(LargeReopen.@Nullable Disk disk) {
    return disk == null ? "" : Report.f("%nReopen store: %,d checkpoints in %,d bytes of segments; summaries %,d bytes "
        + "(%.1f%% of the segments).%n", LargeReopen.CHECKPOINTS, disk.segmentBytes(), disk.summaryBytes(),
        100.0 * disk.summaryBytes() / disk.segmentBytes());
  }

  /**
   * What "32 sessions against one" reaches on this machine without the store: bare group commit
   * ({@link RawGroupForce}) with and without the engine's work, and how close the file store comes;
   * empty when the run left those figures out.
   */
  static String ceilings(Report r) {
    Map<String, Double> rows = new LinkedHashMap<>();
    rows.put("raw group append + force, 32 writers vs 1 (each waits for its own force; no engine, no store)",
        r.ratio("group.raw.32", "group.raw.1"));
    rows.put("engine (memory store) + raw group append + force, 32 sessions vs 1",
        r.ratio("group.engine.32", "group.engine.1"));
    rows.put("file store 32 sessions vs engine + raw group append + force, 32 sessions",
        r.ratio("file.checkpoint.32", "group.engine.32"));
    rows.put("(same, file store without retention deletes)", r.ratio("file.noprune.32", "group.engine.32"));
    rows.values().removeIf(v -> Double.isNaN(v));
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("| the ceiling of \"32 sessions vs 1\" on this machine (no goal) | measured |\n"
        + "|---|---:|\n");
    rows.forEach((what, ratio) -> b.append("| ").append(what).append(" | ").append(x(ratio)).append(" |\n"));
    return b.append('\n').toString();
  }

  private static List<Report.Target> targets(Report r, Extras.Heap heap) {
    List<Report.Target> t = new ArrayList<>();
    double ckpt = r.ratio("floor.snapshot", "memory.checkpoint.1");
    t.add(new Report.Target("memory checkpoint, cost vs encode+hash floor", x(ckpt), "≤ 1.3x", ckpt <= 1.3));
    double upd = r.ratio("floor.snapshot", "memory.update.1");
    t.add(new Report.Target("update one attribute + checkpoint, memory, cost vs encode+hash floor", x(upd), "≤ 1.6x",
        upd <= 1.6));
    double rb = r.ratio("floor.rollback", "memory.rollback.1");
    t.add(new Report.Target("memory rollback, cost vs rollback floor (hash+parse+2 snapshots)", x(rb), "≤ 1.5x",
        rb <= 1.5));
    double raw = r.ratio("file.checkpoint.1", "raw.force.1");
    t.add(new Report.Target("file store 1 writer vs raw append+force", x(raw), "≥ 0.9x", raw >= 0.9));
    double rawOne = r.ratio("file.noprune.1", "raw.force.1");
    t.add(new Report.Target("(same, without retention deletes: 1 force per checkpoint)", x(rawOne), "≥ 0.9x",
        rawOne >= 0.9));
    double sq1 = r.ratio("file.checkpoint.1", "sqlite.1");
    t.add(new Report.Target("file store 1 writer vs SQLite 1 writer", x(sq1), "≥ 1.0x", sq1 >= 1.0));
    double scale = r.ratio("file.checkpoint.32", "file.checkpoint.1");
    t.add(new Report.Target("file store 32 writers vs its 1 writer", x(scale), "≥ 10x", scale >= 10));
    double scaleOne = r.ratio("file.noprune.32", "file.noprune.1");
    t.add(new Report.Target("(same, without retention deletes)", x(scaleOne), "≥ 10x", scaleOne >= 10));
    double sq32 = r.ratio("file.checkpoint.32", "sqlite.32");
    t.add(new Report.Target("file store 32 writers vs SQLite 32 writers", x(sq32), "≥ 5x", sq32 >= 5));
    double pf32 = r.ratio("file.checkpoint.32", "perfile.32");
    t.add(new Report.Target("file store 32 writers vs file per checkpoint 32 writers", x(pf32), "≥ 20x", pf32 >= 20));
    double pg1 = r.ratio("pg.store.1", "pg.raw.1");
    t.add(new Report.Target("PostgreSQL store 1 session vs raw INSERT + commit, 1 connection", x(pg1), "≥ 0.8x",
        pg1 >= 0.8));
    double pg32 = r.ratio("pg.store." + JdbcRig.WRITERS, "pg.raw." + JdbcRig.WRITERS);
    t.add(new Report.Target("PostgreSQL store 32 sessions vs raw INSERTs, 32 connections", x(pg32), "≥ 2x", pg32 >= 2));
    double reopen = r.median("reopen.10000");
    t.add(new Report.Target("reopen 10,000 checkpoints", Report.f("%.0f ms", reopen), "≤ 1000 ms", reopen <= 1000));
    double large = r.median(Cells.LARGE_REOPEN);
    t.add(new Report.Target("reopen 200,000 checkpoints (~1 GB), page cache warm", Report.f("%.0f ms", large),
        "≤ 1000 ms", large <= 1000));
    double mem = heap.storeRetained() / (double) heap.payloadBytes();
    t.add(new Report.Target("memory store heap vs payload bytes", x(mem), "≤ 1.2x", mem <= 1.2));
    return t;
  }

  private static String x(double ratio) {
    return Report.f("%.2fx", ratio);
  }

  static String load() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "n/a" : Report.f("%.2f", l);
  }

}
