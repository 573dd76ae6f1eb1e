package dev.magnus.rollback.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measure delta checkpoints against full ones, in one run, interleaved like {@link Compare}, and
 * print a Markdown report of the targets: stored bytes per checkpoint (MEDIUM state), checkpoint
 * throughput on the LARGE state with deltas on and off (memory store and file store with
 * {@code fsync: always}), the heap a LARGE session with 10 checkpoints holds, and rollback to the end
 * of a maximal delta chain against rollback to a full snapshot.
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.DeltaCompare
 * [--quick] [--rounds N] [--out DIR]}. Rounds, warm-up and medians as in {@link Compare}; the stored
 * bytes do not vary and are counted once. The report goes to {@code DIR/delta[-quick].md}.
 */
public final class DeltaCompare {
  /** Checkpoints written after SESSION_START when counting stored bytes. */
  static final int BYTES_CHECKPOINTS = 100;

  private DeltaCompare() {}

  /**
   * Run the comparison.
   *
   * @param args {@code --quick}, {@code --rounds N}, {@code --out DIR}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    CompareArgs parsed = CompareArgs.parse("DeltaCompare", args);
    System.out.println(run(parsed.plan(), parsed.out()));
  }

  /** What does not vary between rounds: stored bytes, and the LARGE state's encoding. */
  record Sizes(List<DeltaCells.Bytes> bytes, long largeEncoded) {}

  static String run(Compare.Plan plan, Path out) throws Exception {
    long started = System.nanoTime();
    String loadBefore = Compare.load();
    Path base = TempDirs.create("rollback-delta-bench-");
    try {
      List<DeltaCells.Bytes> bytes = new ArrayList<>();
      for (BenchStates.Size size : List.of(BenchStates.Size.MEDIUM, BenchStates.Size.LARGE)) {
        for (int keep : DeltaCells.KEEP) {
          bytes.add(DeltaCells.bytes(size, keep, BYTES_CHECKPOINTS));
        }
      }
      long largeEncoded;
      try (EngineRig rig = EngineRig.memory(BenchStates.Size.LARGE, 1)) {
        largeEncoded = rig.session(0).checkpoints().get(0).rawSize();
      }
      List<Cells.Cell> all = new DeltaCells(base).all();
      Report report = Compare.rounds(all, plan);
      String text = markdown(plan, report, new Sizes(bytes, largeEncoded), loadBefore,
          (System.nanoTime() - started) / 1e9);
      Files.createDirectories(out);
      Files.writeString(out.resolve("delta" + (plan.quick() ? "-quick" : "") + ".md"), text);
      return text;
    } finally {
      TempDirs.delete(base);
    }
  }

  static String markdown(Compare.Plan plan, Report r, Sizes sizes, String loadBefore, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append(Report.f("## Delta checkpoints (%s: %d rounds, %.1f s per durable figure, %.1f s per CPU figure)%n%n",
        plan.quick() ? "quick" : "full", plan.rounds(), plan.durableNanos() / 1e9, plan.cpuNanos() / 1e9));
    b.append(Report.f("%d processors, Java %s, load average %s before and %s after; %.0f s in all. Every checkpoint "
        + "follows a change of one small attribute; engine defaults apart from `checkpoint.delta` (on: maxChain 16, "
        + "maxRatio 0.5) and, where named, `maxCheckpoints`.%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), loadBefore, Compare.load(), seconds));
    b.append(Report.targets("delta checkpoint target", targets(r, sizes))).append('\n');
    b.append(Report.f("Stored bytes per checkpoint, SESSION_START and %d changed checkpoints of one session, deltas "
        + "on (full state: one checkpoint with deltas off):%n%n", BYTES_CHECKPOINTS));
    b.append("| state | maxCheckpoints | full state stored | deltas | bytes per delta | full snapshots | bytes per "
        + "full snapshot | delta / full | all records / full |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (DeltaCells.Bytes x : sizes.bytes()) {
      b.append(Report.f("| %s | %d | %,d | %d | %,.0f | %d | %,.0f | %.1f%% | %.1f%% |%n", x.state(), x.keep(),
          x.full(), x.deltas(), x.deltaBytes() / (double) x.deltas(), x.fulls(), x.fullBytes() / (double) x.fulls(),
          100 * x.deltaRatio(), 100 * x.allRatio()));
    }
    b.append(Report.f("%nHeap (median): a LARGE session with %d checkpoints holds %,.0f bytes with deltas on and "
        + "%,.0f with deltas off; one LARGE SessionState holds %,.0f bytes; its encoding is %,d bytes.%n%n",
        DeltaCells.HEAP_CHECKPOINTS, r.median("heap.session.on"), r.median("heap.session.off"), r.median("heap.state"),
        sizes.largeEncoded()));
    b.append("A rollback's RECOVERY_POINT descends from its target. Rolling back again and again to the end of a "
        + "15- or 16-delta chain writes that RECOVERY_POINT as a delta on the record of the target's chain 14 deltas "
        + "from its full snapshot (the patch redoes the chain's last links), so, like a rollback to a full snapshot "
        + "(whose RECOVERY_POINT is an empty delta on it), it writes only deltas; what differs is the chain replayed.\n\n");
    b.append("All figures (median, min and max over the rounds):\n\n").append(r.figures());
    return b.toString();
  }

  static List<Report.Target> targets(Report r, Sizes sizes) {
    List<Report.Target> t = new ArrayList<>();
    DeltaCells.Bytes medium = sizes.bytes().stream().filter(x -> x.state().equals("MEDIUM") && x.keep() == 10)
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no MEDIUM bytes with maxCheckpoints 10"));
    t.add(at("MEDIUM stored bytes, delta records / full state", medium.deltaRatio(), "≤ 10%", false, 0.10));
    t.add(at("MEDIUM stored bytes, all records (full snapshots too) / full state", medium.allRatio(), "≤ 10%", false,
        0.10));
    for (int keep : DeltaCells.KEEP) {
      for (String store : List.of("memory", "file")) {
        double x = r.ratio(DeltaCells.throughputKey(store, true, keep), DeltaCells.throughputKey(store, false, keep));
        t.add(at(Report.f("LARGE checkpoints/s deltas on / off, %s, maxCheckpoints %d", store.equals("file")
            ? "file store (always, 1 session)" : "memory store", keep), x, "≥ 5x", true, 5));
      }
    }
    double state = r.ratio("heap.session.on", "heap.state");
    t.add(at("heap of a LARGE session with 10 checkpoints (deltas on) / heap of one SessionState", state, "≤ 2x",
        false, 2));
    double encoded = r.median(m -> m.get("heap.session.on") / sizes.largeEncoded());
    t.add(at("heap of a LARGE session with 10 checkpoints (deltas on) / encoded state bytes", encoded, "≤ 2x", false,
        2));
    for (BenchStates.Size size : List.of(BenchStates.Size.LARGE, BenchStates.Size.MEDIUM)) {
      double x = r.ratio(DeltaCells.rollbackKey(size, 0), DeltaCells.rollbackKey(size, DeltaCells.MAX_CHAIN));
      t.add(at(size + " rollback time, end of a 16-delta chain / full snapshot", x, "≤ 2x", false, 2));
      double y = r.ratio(DeltaCells.rollbackKey(size, 0), DeltaCells.rollbackKey(size, DeltaCells.MAX_CHAIN - 1));
      t.add(at("(" + size + ", end of a 15-delta chain)", y, "≤ 2x", false, 2));
      for (String what : List.of("cpu", "alloc")) {
        String name = what.equals("cpu") ? "thread CPU" : "allocation";
        double z = r.ratio(DeltaCells.rollbackCostKey(what, size, DeltaCells.MAX_CHAIN),
            DeltaCells.rollbackCostKey(what, size, 0));
        t.add(at(size + " rollback " + name + ", end of a 16-delta chain / full snapshot", z, "≤ 2x", false, 2));
        double w = r.ratio(DeltaCells.rollbackCostKey(what, size, DeltaCells.MAX_CHAIN - 1),
            DeltaCells.rollbackCostKey(what, size, 0));
        t.add(at("(" + size + " " + name + ", end of a 15-delta chain)", w, "≤ 2x", false, 2));
      }
    }
    return t;
  }

  /** A target row; {@code atLeast} says whether the goal is a floor or a ceiling. */
  private static Report.Target at(String what, double measured, String goal, boolean atLeast, double limit) {
    boolean met = atLeast ? measured >= limit : measured <= limit;
    String shown = goal.endsWith("%") ? Report.f("%.1f%%", 100 * measured) : Report.f("%.2fx", measured);
    return new Report.Target(what, shown, goal, met);
  }
}
