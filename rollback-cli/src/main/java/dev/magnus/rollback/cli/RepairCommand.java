package dev.magnus.rollback.cli;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Repair a damaged file store in two steps: first a read-only open reports what it found and the plan;
 * only with {@code --yes} a writable open repairs, and a second read-only open checks that nothing is
 * left to report.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Repair a damaged file store. First opens it read-only and prints what it found and exactly "
        + "what a repair will do: salvage a damaged segment (its intact records are written to a new segment file, "
        + "the damaged original is kept as segment-N.log.corrupt), quarantine a segment whose header is bad, forget "
        + "a missing segment, cut a torn tail, tombstone checkpoints withheld because their deletion records may "
        + "be lost, clear the leftovers of an interrupted roll or salvage.",
        "Without --yes nothing is changed: it prints the plan and exits 3. With --yes it opens the store for "
            + "writing, which repairs, then reopens it read-only, checks that nothing is left to report, and prints "
            + "what was done. Lost records cannot be brought back: a repair keeps what is intact and makes the "
            + "store consistent again. `rollback verify` then checks every hash.",
        "The store must not be open in another process. New files get rw------- or, if the directory lets its "
            + "group read, rw-r-----."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the store is healthy: nothing to repair, or repaired and verified",
        "1:the repair failed or the store still reports damage after it (the message says what), or the store "
            + "could not be opened (for example: open in another process, or a read-only directory with --yes)",
        "2:bad usage, including a --data that is missing, a file, or holds no file store",
        "3:damage found and nothing changed (no --yes); run again with --yes to repair"})
final class RepairCommand implements Callable<Integer> {
  /** The exit code of a plan printed without --yes: something to repair, nothing changed. */
  static final int NOTHING_CHANGED = 3;

  @Spec
  private CommandSpec spec;

  @Option(names = "--data", defaultValue = "rollback-data", paramLabel = "DIR",
      description = "Directory of the file store (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--yes", description = "Carry out the plan. Without it, only print what was found and what a "
      + "repair would do.")
  private boolean yes;

  @Override
  public Integer call() throws IOException {
    DataDirectory.requireStore(spec.commandLine(), "--data", data);
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    StoreDamage found;
    try (CheckpointStore store = FileStores.builder(data).readOnly().open()) {
      found = StoreDamage.of(store);
    }
    boolean groupAccess = groupAccess(data);
    RepairPlan plan = RepairPlan.of(data, found);
    if (plan.isEmpty()) {
      out.good("the file store in " + data + " is healthy: nothing to repair (nothing was changed)");
      quarantineNote(out, found);
      return 0;
    }
    printFound(out, found, plan);
    out.step("plan", "a repair will:");
    plan.actions().forEach(action -> out.detail("- " + action));
    out.detail("- give new files " + (groupAccess ? "rw-r----- (the directory lets its group read)" : "rw-------"));
    if (!yes) {
      out.bad("nothing was changed: run `rollback repair --data " + data + " --yes` to repair");
      return NOTHING_CHANGED;
    }
    if (!Files.isWritable(data)) {
      new Printer(spec.commandLine().getErr(), spec.commandLine().getColorScheme().ansi()).bad("nothing was changed: " + data + " is read-only and a repair writes to it; make it writable (and its "
          + "files), then run `rollback repair --data " + data + " --yes` again");
      return 1;
    }
    StoreDamage repaired;
    try (CheckpointStore store = FileStores.builder(data).groupAccess(groupAccess).open()) {
      repaired = StoreDamage.of(store);
    }
    printDone(out, repaired, plan);
    return verifyAfter(out, found);
  }

  private void printFound(Printer out, StoreDamage found, RepairPlan plan) {
    out.step("found", "in the file store in " + data + " (opened read-only):");
    found.reports().forEach(out::detail);
    if (found.found()) {
      out.detail(found.counted());
    }
    if (found.tornTails() > 0) {
      out.detail("the newest segment ends in a torn write (" + found.tornTails() + ")");
    }
    plan.leftovers().forEach(name -> out.detail("leftover file " + name));
  }

  private void printDone(Printer out, StoreDamage repaired, RepairPlan plan) {
    out.step("repaired", "opened the store for writing, which repaired:");
    repaired.reports().forEach(out::detail);
    for (Map.Entry<String, String> counter : List.of(Map.entry("salvagedSegments", "segment(s) salvaged"),
        Map.entry("tornTails", "torn tail(s) cut"), Map.entry("withheldCheckpoints", "withheld checkpoint(s) "
            + "tombstoned"), Map.entry("upgradedSegments", "segment(s) upgraded to the current format"),
        Map.entry("deletedSegments", "segment(s) deleted by the compaction that followed"))) {
      if (repaired.count(counter.getKey()) > 0) {
        out.detail(repaired.count(counter.getKey()) + " " + counter.getValue() + " (" + counter.getKey() + ")");
      }
    }
    long cleared = plan.leftovers().stream().filter(name -> !Files.exists(data.resolve(name))).count();
    if (cleared > 0) {
      out.detail(cleared + " leftover file(s) cleared");
    }
    if (repaired.quarantinedFiles() > 0) {
      out.detail(repaired.quarantinedFiles() + " quarantined file(s) (*.corrupt) now in " + data + ": the damaged "
          + "originals, kept for forensics; the store never reads them");
    }
  }

  private int verifyAfter(Printer out, StoreDamage found) {
    try (CheckpointStore store = FileStores.builder(data).readOnly().open()) {
      StoreDamage after = StoreDamage.of(store);
      if (after.found() || after.tornTails() > 0) {
        out.bad("the file store in " + data + " still reports damage after the repair (" + after.counted() + ", "
            + after.tornTails() + " torn tail(s)):");
        after.reports().forEach(out::detail);
        return 1;
      }
      int sessions = store.sessions().size();
      out.good("verified: reopened read-only, the file store in " + data + " reports no damage ("
          + store.stats().checkpoints() + " checkpoints in " + sessions + " session" + (sessions == 1 ? "" : "s")
          + "); `rollback verify --data " + data + "` checks every hash");
      if (found.corruptions() > 0) {
        out.line("note: what was lost cannot be brought back; `rollback verify` reports the gaps it left in the "
            + "sessions' histories");
      }
      return 0;
    }
  }

  private void quarantineNote(Printer out, StoreDamage found) {
    if (found.quarantinedFiles() > 0) {
      out.line("note: " + found.quarantinedFiles() + " quarantined file(s) (*.corrupt) in " + data + ", originals of "
          + "segments an earlier repair salvaged; the store never reads them: keep them for forensics or delete them");
    }
  }

  private static boolean groupAccess(Path dir) {
    try {
      return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.GROUP_READ);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }
}
