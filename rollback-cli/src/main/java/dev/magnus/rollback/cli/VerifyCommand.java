package dev.magnus.rollback.cli;

import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.core.AuditFiles;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Check every checkpoint of every session in a store: readable, state hash, chain hash, no gap; plus
 * the damage the store reports and the audit log's chains. Opens a file store read-only, so it never
 * changes or repairs anything. Exits 1 on any problem, naming the session and checkpoint.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every state hash and chain hash of every checkpoint of every session, and report each "
        + "problem with its session and checkpoint.",
        "Opens the file store read-only: nothing in --data is created, changed or repaired (a read-only directory "
            + "works). Damage the store finds is reported, one line per damaged place (the segment, what was lost), "
            + "with the count of lost or withheld checkpoints; `rollback repair` shows how to repair it.",
        "Also checks every hash chain of the audit log in --data/audit.jsonl (one chain per engine run)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:everything verified: no damage, every hash and audit chain intact",
        "1:a problem was found (damage, a bad hash, a missing checkpoint, a broken audit chain), or the store could "
            + "not be opened (for example: open for writing in another process)",
        "2:bad usage, including a --data that is missing, a file, or holds no file store"})
final class VerifyCommand implements Callable<Integer> {
  private static final int PROGRESS_EVERY = 100;

  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Override
  public Integer call() {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      List<String> problems = new ArrayList<>(storeProblems(out, StoreDamage.of(store)));
      List<String> sessions = List.copyOf(new TreeSet<>(store.sessions()));
      long checkpoints = verifySessions(out, store, sessions, problems);
      int chains = verifyAuditChains(out, problems);
      String summary = "checked " + checkpoints + " checkpoints in " + sessions.size() + " session"
          + (sessions.size() == 1 ? "" : "s") + " of the " + storeOptions.describe()
          + (chains == 0 ? "" : " and " + chains + " audit chain" + (chains == 1 ? "" : "s")) + ": ";
      if (problems.isEmpty()) {
        out.good(summary + "no damage, every state hash and chain hash verified"
            + (chains == 0 ? "" : ", every audit chain intact"));
        return 0;
      }
      out.bad(summary + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
      return 1;
    }
  }

  /** Verify every checkpoint of every session, adding and printing each problem; return how many were checked. */
  private long verifySessions(Printer out, CheckpointStore store, List<String> sessions, List<String> problems) {
    Verification verification = Verification.of(storeOptions.config());
    long checkpoints = 0;
    for (int i = 0; i < sessions.size(); i++) {
      String session = sessions.get(i);
      checkpoints += store.list(session, CheckpointQuery.all()).size();
      for (Verification.Problem p : verification.verifySession(store, session)) {
        problems.add(p.toString());
        out.bad(p.toString());
      }
      if ((i + 1) % PROGRESS_EVERY == 0) {
        spec.commandLine().getErr().println("verified " + (i + 1) + " of " + sessions.size() + " sessions...");
      }
    }
    return checkpoints;
  }

  /** Verify the audit log's chains when one is configured, adding and printing each broken one; return the count. */
  private int verifyAuditChains(Printer out, List<String> problems) {
    if (storeOptions.auditFile().isEmpty()) {
      return 0;
    }
    int chains = 0;
    for (AuditVerification chain : AuditFiles.verify(storeOptions.auditFile().get())) {
      chains++;
      if (!chain.valid()) {
        String problem = "audit log " + storeOptions.auditFile().get() + ", chain " + chains + ": " + chain.problem();
        problems.add(problem);
        out.bad(problem);
      }
    }
    return chains;
  }

  /** Print and return the damage the store reported; torn tails and quarantined files are notes, not problems. */
  private List<String> storeProblems(Printer out, StoreDamage damage) {
    List<String> problems = new ArrayList<>();
    for (String report : damage.reports()) {
      problems.add("store damage: " + report);
      out.bad("store damage: " + report);
    }
    if (damage.found()) {
      String total = "store damage: the " + storeOptions.describe() + " counts " + damage.counted() + "; it was "
          + "opened read-only, so nothing was changed: `rollback repair --data " + storeOptions.data + "` shows what "
          + "a repair would do";
      if (damage.reports().isEmpty()) {
        problems.add(total);
      }
      out.bad(total);
    }
    if (damage.tornTails() > 0) {
      out.line("note: the newest segment ends in a torn write (bytes of an append that was never acknowledged); "
          + "the next writable open cuts it, or `rollback repair`");
    }
    if (damage.quarantinedFiles() > 0) {
      out.line("note: " + damage.quarantinedFiles() + " quarantined file(s) (*.corrupt) in " + storeOptions.data
          + ", originals of segments an earlier repair salvaged; the store never reads them: keep them for "
          + "forensics or delete them");
    }
    return problems;
  }
}
