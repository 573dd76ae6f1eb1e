package dev.magnus.rollback.cli;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Repair a damaged file store in two steps: first a read-only open reports what it found and the plan;
 * only with {@code --yes} a writable open repairs, and a second read-only open checks that nothing is
 * left to report. The one command that changes a damaged store.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Repair a damaged file store. First opens it read-only and prints what it found and exactly "
        + "what a repair will do: salvage a damaged segment (its intact records are written to a new segment file, "
        + "the damaged original is kept as segment-N.log.corrupt), quarantine a segment whose header is bad, forget "
        + "a missing segment, cut a torn tail, tombstone checkpoints withheld because their deletion records may "
        + "be lost, clear the leftovers of an interrupted roll or salvage.",
        "Without --yes nothing is changed: it prints the plan and exits 1 (a problem found). With --yes it opens "
            + "the store for writing, which repairs, then reopens it read-only, checks that nothing is left to "
            + "report, and prints what was done. Lost records cannot be brought back: a repair keeps what is intact "
            + "and makes the store consistent again. `rollback verify` then checks every hash.",
        "The store must not be open in another process (exit 3), and with --yes its directory must be writable "
            + "(exit 3). New files get rw------- or, if the directory lets its group read, rw-r-----.",
        "Exit 0 when the store is healthy: nothing to repair, or repaired and verified."})
final class RepairCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--data", defaultValue = "rollback-data", paramLabel = "DIR", converter = Arguments.NonEmptyPath.class,
      description = "Directory of the file store (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--yes", description = "Carry out the plan. Without it, only print what was found and what a "
      + "repair would do.")
  private boolean yes;

  @Option(names = "--json", description = "Print what was found, the plan and (with --yes) what was done as JSON.")
  private boolean json;

  @Override
  public Integer call() throws IOException {
    DataDirectory.requireStore(spec.commandLine(), "--data", data);
    StoreDamage found = damage(() -> FileStores.builder(data).readOnly().open());
    RepairPlan plan = RepairPlan.of(data, found);
    boolean groupAccess = groupAccess(data);
    RepairReport report = new RepairReport(data, found, plan, groupAccess);
    if (plan.isEmpty() || !yes) {
      return finish(report, plan.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS);
    }
    if (!Files.isWritable(data)) {
      throw CommandFailure.unavailable("nothing was changed: " + data + " is read-only and a repair writes to it; make "
          + "it writable (and its files), then run `rollback repair --data " + data + " --yes` again", null);
    }
    report.repaired(damage(() -> FileStores.builder(data).groupAccess(groupAccess).open()));
    CheckpointStore reopened = opened(() -> FileStores.builder(data).readOnly().open());
    try (reopened) {
      report.after(StoreDamage.of(reopened), reopened.stats().checkpoints(), reopened.sessions().size());
    }
    return finish(report, report.remains() ? ExitCodes.PROBLEMS : ExitCodes.OK);
  }

  private int finish(RepairReport report, int code) {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    if (json) {
      Json.print(out, report.json());
    } else {
      report.print(out, yes);
    }
    return code;
  }

  private static StoreDamage damage(Supplier<CheckpointStore> open) {
    try (CheckpointStore store = opened(open)) {
      return StoreDamage.of(store);
    }
  }

  private static CheckpointStore opened(Supplier<CheckpointStore> open) {
    try {
      return open.get();
    } catch (StoreException e) {
      throw CommandFailure.unavailable(e.getMessage(), e);
    }
  }

  private static boolean groupAccess(Path dir) {
    try {
      return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.GROUP_READ);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /** Return the counters a writable open reports after a repair, with what each means. */
  static Map<String, String> counters() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : List.of(Map.entry("salvagedSegments", "segment(s) salvaged"),
        Map.entry("tornTails", "torn tail(s) cut"), Map.entry("withheldCheckpoints", "withheld checkpoint(s) "
            + "tombstoned"), Map.entry("upgradedSegments", "segment(s) upgraded to the current format"),
        Map.entry("deletedSegments", "segment(s) deleted by the compaction that followed"))) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }
}
