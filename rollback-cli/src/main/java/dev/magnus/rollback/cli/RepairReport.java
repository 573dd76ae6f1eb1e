package dev.magnus.rollback.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * What `rollback repair` found, planned and did, printed for a person or as JSON: the damage a
 * read-only open reported, the plan, and with --yes what the writable open repaired and whether a
 * second read-only open still reports anything. Confined to the command's thread.
 */
final class RepairReport {
  private final Path data;
  private final StoreDamage found;
  private final RepairPlan plan;
  private final boolean groupAccess;
  private @Nullable StoreDamage repaired;
  private @Nullable StoreDamage after;
  private long checkpointsAfter;
  private int sessionsAfter;

  RepairReport(Path data, StoreDamage found, RepairPlan plan, boolean groupAccess) {
    this.data = data;
    this.found = found;
    this.plan = plan;
    this.groupAccess = groupAccess;
  }

  void repaired(StoreDamage damage) {
    repaired = damage;
  }

  void after(StoreDamage damage, long checkpoints, int sessions) {
    after = damage;
    checkpointsAfter = checkpoints;
    sessionsAfter = sessions;
  }

  /** Tell whether the store still reports damage after the repair. */
  boolean remains() {
    return after != null && (after.found() || after.tornTails() > 0);
  }

  void print(Printer out, boolean yes) {
    if (plan.isEmpty()) {
      out.good("the file store in " + data + " is healthy: nothing to repair (nothing was changed)");
      quarantineNote(out, found);
      return;
    }
    printFound(out);
    out.step("plan", "a repair will:");
    plan.actions().forEach(action -> out.detail("- " + action));
    out.detail("- give new files " + (groupAccess ? "rw-r----- (the directory lets its group read)" : "rw-------"));
    if (!yes || repaired == null || after == null) {
      out.bad("nothing was changed: run `rollback repair --data " + data + " --yes` to repair");
      return;
    }
    printDone(out, repaired);
    printAfter(out, after);
  }

  private void printFound(Printer out) {
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

  private void printDone(Printer out, StoreDamage done) {
    out.step("repaired", "opened the store for writing, which repaired:");
    done.reports().forEach(out::detail);
    RepairCommand.counters().forEach((key, meaning) -> {
      if (done.count(key) > 0) {
        out.detail(done.count(key) + " " + meaning + " (" + key + ")");
      }
    });
    long cleared = cleared();
    if (cleared > 0) {
      out.detail(cleared + " leftover file(s) cleared");
    }
    if (done.quarantinedFiles() > 0) {
      out.detail(done.quarantinedFiles() + " quarantined file(s) (*.corrupt) now in " + data + ": the damaged "
          + "originals, kept for forensics; the store never reads them");
    }
  }

  private void printAfter(Printer out, StoreDamage damage) {
    if (remains()) {
      out.bad("the file store in " + data + " still reports damage after the repair (" + damage.counted() + ", "
          + damage.tornTails() + " torn tail(s)):");
      damage.reports().forEach(out::detail);
      return;
    }
    out.good("verified: reopened read-only, the file store in " + data + " reports no damage (" + checkpointsAfter
        + " checkpoints in " + sessionsAfter + " session" + (sessionsAfter == 1 ? "" : "s") + "); `rollback verify "
        + "--data " + data + "` checks every hash");
    if (found.corruptions() > 0) {
      out.line("note: what was lost cannot be brought back; `rollback verify` reports the gaps it left in the "
          + "sessions' histories");
    }
  }

  private long cleared() {
    return plan.leftovers().stream().filter(name -> !Files.exists(data.resolve(name))).count();
  }

  private void quarantineNote(Printer out, StoreDamage damage) {
    if (damage.quarantinedFiles() > 0) {
      out.line("note: " + damage.quarantinedFiles() + " quarantined file(s) (*.corrupt) in " + data + ", originals of "
          + "segments an earlier repair salvaged; the store never reads them: keep them for forensics or delete them");
    }
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", data.toString());
    m.put("healthy", plan.isEmpty());
    Map<String, Object> damage = new LinkedHashMap<>();
    damage.put("reports", found.reports());
    damage.put("corruptions", found.corruptions());
    damage.put("tornTails", found.tornTails());
    damage.put("leftovers", plan.leftovers());
    damage.put("quarantinedFiles", found.quarantinedFiles());
    m.put("found", damage);
    m.put("plan", plan.actions());
    m.put("newFilePermissions", groupAccess ? "rw-r-----" : "rw-------");
    m.put("changed", repaired != null);
    if (repaired != null && after != null) {
      Map<String, Object> done = new LinkedHashMap<>();
      done.put("reports", repaired.reports());
      RepairCommand.counters().keySet().forEach(key -> done.put(key, repaired.count(key)));
      done.put("leftoversCleared", cleared());
      m.put("repaired", done);
      m.put("damageAfter", after.reports());
      m.put("verified", !remains());
    }
    return m;
  }
}
