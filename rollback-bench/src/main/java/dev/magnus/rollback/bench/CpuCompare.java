package dev.magnus.rollback.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measure the engine's CPU per checkpoint and per rollback against their floors ({@link Floor}) as
 * thread CPU time and bytes allocated per operation, so that the ratios hold on a machine other
 * builds share: a descheduled thread accrues no CPU time, and allocation does not depend on load.
 * One thread, the memory store, the MEDIUM state (60 attributes), the default configuration.
 *
 * <p>Figures: the snapshot floor (Jackson encode + SHA-256), a checkpoint of an unchanged state, one
 * attribute changed ({@link BenchStates#changeOne}) then a checkpoint, the change alone, the rollback
 * floor and a rollback to SESSION_START. Rounds, warm-up and rotation as in {@link Compare}; a ratio is
 * the median of the ratios within each round. Usage: {@code java -cp rollback-bench/target/benchmarks.jar
 * dev.magnus.rollback.bench.CpuCompare [--quick] [--rounds N] [--out DIR]}; the report goes to
 * {@code DIR/cpu[-quick].md}.
 */
public final class CpuCompare {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private CpuCompare() {}

  /** One operation, run by the measuring thread. */
  @FunctionalInterface
  interface Op {
    void run(long n);
  }

  /** Per-operation cost: CPU nanoseconds, wall nanoseconds, bytes allocated. */
  record Cost(double cpuNanos, double wallNanos, double bytes) {}

  /**
   * Run the comparison.
   *
   * @param args {@code --quick}, {@code --rounds N}, {@code --out DIR}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    CompareArgs parsed = CompareArgs.parse("CpuCompare", args);
    Compare.Plan plan = parsed.plan();
    Path out = parsed.out();
    String report = run(plan);
    Files.createDirectories(out);
    Files.writeString(out.resolve("cpu" + (plan.quick() ? "-quick" : "") + ".md"), report);
    System.out.println(report);
  }

  static String run(Compare.Plan plan) {
    String loadBefore = Compare.load();
    long started = System.nanoTime();
    Map<String, Op> ops = ops();
    List<String> keys = new ArrayList<>(ops.keySet());
    measureRound(ops, keys, 0, plan.warmCpuNanos());
    List<Map<String, Cost>> rounds = new ArrayList<>();
    for (int r = 0; r < plan.rounds(); r++) {
      System.err.printf("round %d of %d%n", r + 1, plan.rounds());
      rounds.add(measureRound(ops, keys, r, plan.cpuNanos()));
    }
    return CpuReport.markdown(plan, rounds, loadBefore, Compare.load(), (System.nanoTime() - started) / 1e9);
  }

  private static Map<String, Op> ops() {
    Map<String, Op> ops = new LinkedHashMap<>();
    Floor floor = new Floor();
    var state = BenchStates.state("floor", BenchStates.Size.MEDIUM, 0);
    byte[] stored = floor.encode(state);
    EngineRig rig = EngineRig.memory(BenchStates.Size.MEDIUM, 3); // closed with the JVM; sessions 0-2 per figure
    int[] sink = new int[1];
    ops.put("floor.snapshot", n -> sink[0] += floor.snapshot(state)[0]);
    ops.put("floor.rollback", n -> sink[0] += floor.rollback(stored, state));
    ops.put("checkpoint", n -> sink[0] += (int) rig.checkpoint(0));
    ops.put("update+checkpoint", n -> sink[0] += (int) rig.changeAndCheckpoint(1, n).storedSize());
    ops.put("update", n -> sink[0] += (int) rig.session(1).update(s -> BenchStates.changeOne(s, BenchStates.Size.MEDIUM, n))
        .revision());
    ops.put("rollback", n -> sink[0] += (int) rig.rollback(2));
    return ops;
  }

  private static Map<String, Cost> measureRound(Map<String, Op> ops, List<String> keys, int r, long nanos) {
    Map<String, Cost> round = new LinkedHashMap<>();
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get((r + k) % keys.size());
      round.put(key, measure(ops.get(key), nanos));
    }
    return round;
  }

  /** Run {@code op} for about {@code nanos} of wall time, after a fifth as long unmeasured. */
  static Cost measure(Op op, long nanos) {
    loop(op, nanos / 5, 0);
    long cpu = THREADS.getCurrentThreadCpuTime();
    long bytes = THREADS.getCurrentThreadAllocatedBytes();
    long wall = System.nanoTime();
    long n = loop(op, nanos, 1_000_000L);
    return new Cost((THREADS.getCurrentThreadCpuTime() - cpu) / (double) n, (System.nanoTime() - wall) / (double) n,
        (THREADS.getCurrentThreadAllocatedBytes() - bytes) / (double) n);
  }

  private static long loop(Op op, long nanos, long first) {
    long end = System.nanoTime() + nanos;
    long n = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 20; i++) {
        op.run(first + n++);
      }
    }
    return n;
  }
}
