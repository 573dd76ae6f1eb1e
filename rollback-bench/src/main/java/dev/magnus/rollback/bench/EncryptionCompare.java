package dev.magnus.rollback.bench;

import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measure what encryption at rest costs: one session through the engine (default configuration), with
 * payloads encrypted (AES-256-GCM under a per-session data key) against the same engine without, for
 * checkpoints (one attribute changed, then a checkpoint) and rollbacks (to the session's start), MEDIUM
 * and LARGE states, on the memory store and the file store with {@code fsync: always}. Rounds, warm-up,
 * interleaving and medians as in {@link Compare}: the ratio is computed within each round.
 *
 * <p>Usage: {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.EncryptionCompare
 * [--quick] [--rounds N] [--out DIR]}; the report goes to {@code DIR/encryption[-quick].md}.
 */
public final class EncryptionCompare {
  private static final String[] STORES = {"memory", "file"};
  private static final String[] OPS = {"checkpoint", "rollback"};
  private static final BenchStates.Size[] SIZES = {BenchStates.Size.MEDIUM, BenchStates.Size.LARGE};
  private static final long SECOND_RUN = 1L << 40; // change numbers the warm-up did not use

  private final Path base;
  private int serial;

  private EncryptionCompare(Path base) {
    this.base = base;
  }

  /**
   * Run the comparison.
   *
   * @param args {@code --quick}, {@code --rounds N}, {@code --out DIR}
   * @throws Exception if a figure fails
   */
  public static void main(String[] args) throws Exception {
    CompareArgs parsed = CompareArgs.parse("EncryptionCompare", args);
    System.out.println(run(parsed.plan(), parsed.out()));
  }

  static String key(String store, String op, BenchStates.Size size, boolean encrypted) {
    return store + "." + op + "." + size.name().toLowerCase(java.util.Locale.ROOT) + "." + (encrypted ? "on" : "off");
  }

  private List<Cells.Cell> cells() {
    List<Cells.Cell> cells = new ArrayList<>();
    for (String store : STORES) {
      for (String op : OPS) {
        for (BenchStates.Size size : SIZES) {
          for (boolean on : new boolean[] {false, true}) {
            cells.add(new Cells.Cell(key(store, op, size, on), store + " store, " + op + ", " + size + " state, "
                + (on ? "encrypted" : "plain"), Cells.Unit.PER_SECOND, store.equals("file"),
                nanos -> rate(store, op, size, on, nanos)));
          }
        }
      }
    }
    return cells;
  }

  private double rate(String store, String op, BenchStates.Size size, boolean encrypted, long nanos) throws Exception {
    Path dir = store.equals("file") ? Files.createDirectories(base.resolve("file-" + (++serial))) : null;
    CheckpointStore s = dir == null ? InMemoryStores.create() : FileStores.builder(dir).fsync(FsyncPolicy.ALWAYS).open();
    RollbackConfig config = RollbackConfig.ofDefaults();
    try (EngineRig rig = encrypted ? EngineRig.encrypted(s, config, size, 1) : EngineRig.configured(s, config, size, 1)) {
      Load.Op measured = op.equals("rollback") ? (w, n) -> rig.rollback(w) : (w, n) -> rig.changeAndCheckpoint(w, n);
      Load.rate(1, nanos / 5, measured);
      return op.equals("rollback") ? Load.rate(1, nanos, measured) : Load.run(1, nanos, SECOND_RUN, measured);
    } finally {
      if (dir != null) {
        TempDirs.delete(dir);
      }
    }
  }

  static String run(Compare.Plan plan, Path out) throws Exception {
    long started = System.nanoTime();
    String loadBefore = Compare.load();
    Path base = TempDirs.create("rollback-encryption-bench");
    try {
      Report report = Compare.rounds(new EncryptionCompare(base).cells(), plan);
      String text = markdown(plan, report, loadBefore, (System.nanoTime() - started) / 1e9);
      Files.createDirectories(out);
      Files.writeString(out.resolve("encryption" + (plan.quick() ? "-quick" : "") + ".md"), text);
      return text;
    } finally {
      TempDirs.delete(base);
    }
  }

  static String markdown(Compare.Plan plan, Report r, String loadBefore, double seconds) {
    StringBuilder b = new StringBuilder();
    b.append(Report.f("## Encryption at rest overhead (%s: %d rounds)%n%n", plan.quick() ? "quick" : "full",
        plan.rounds()));
    b.append(Report.f("%d processors, Java %s, load average %s before and %s after; %.0f s in all. One session, "
        + "default configuration; encrypted: AES-256-GCM under a per-session data key from a KeyProvider.%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore, Compare.load(),
        seconds));
    List<Report.Target> targets = new ArrayList<>();
    StringBuilder memory = new StringBuilder("| memory store (no target) | encrypted / plain |\n|---|---:|\n");
    for (String store : STORES) {
      for (String op : OPS) {
        for (BenchStates.Size size : SIZES) {
          double ratio = r.ratio(key(store, op, size, true), key(store, op, size, false));
          String measured = Report.f("%.3fx (cost %.1f%%)", ratio, 100 * (1 - ratio));
          if (store.equals("file")) {
            targets.add(new Report.Target(Report.f("%s/s encrypted / plain, file store (fsync always), %s", op, size),
                measured, "≥ 0.85x (cost ≤ 15%)", ratio >= 0.85));
          } else {
            memory.append(Report.f("| %s/s, %s | %s |%n", op, size, measured));
          }
        }
      }
    }
    b.append(Report.targets("encryption target", targets)).append('\n').append(memory).append('\n');
    b.append("All figures (median, min and max over the rounds):\n\n").append(r.figures());
    return b.toString();
  }
}
