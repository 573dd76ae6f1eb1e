package dev.magnus.rollback.cli;

import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreStats;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.core.AuditFiles;
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
 * the damage the store itself reports. Exits 1 on any problem, naming the session and checkpoint.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every state hash and chain hash of every checkpoint of every session, and report each "
        + "problem with its session and checkpoint.",
        "Also reports damage the store found when it opened (the file store repairs on open and keeps damaged "
            + "segments as *.corrupt files). The audit log is kept in the engine's memory, not in the store, so "
            + "it cannot be checked here; `rollback demo` verifies its chain."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:everything verified", "1:a problem was found, or the store failed", "2:bad usage"})
final class VerifyCommand implements Callable<Integer> {
  private static final int PROGRESS_EVERY = 100;

  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Override
  public Integer call() {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    Verification verification = Verification.of(storeOptions.config());
    try (CheckpointStore store = storeOptions.open()) {
      List<String> problems = new ArrayList<>(storeProblems(store.stats()));
      problems.forEach(out::bad);
      List<String> sessions = List.copyOf(new TreeSet<>(store.sessions()));
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
      int chains = 0;
      if (storeOptions.auditFile().isPresent()) {
        for (AuditVerification chain : AuditFiles.verify(storeOptions.auditFile().get())) {
          chains++;
          if (!chain.valid()) {
            String problem = "audit log " + storeOptions.auditFile().get() + ", chain " + chains + ": " + chain.problem();
            problems.add(problem);
            out.bad(problem);
          }
        }
      }
      String summary = "checked " + checkpoints + " checkpoints in " + sessions.size() + " session"
          + (sessions.size() == 1 ? "" : "s") + " of the " + storeOptions.describe()
          + (chains == 0 ? "" : " and " + chains + " audit chain" + (chains == 1 ? "" : "s")) + ": ";
      if (problems.isEmpty()) {
        out.good(summary + "every state hash and chain hash verified"
            + (chains == 0 ? "" : ", every audit chain intact"));
        return 0;
      }
      out.bad(summary + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
      return 1;
    }
  }

  private List<String> storeProblems(StoreStats stats) {
    List<String> problems = new ArrayList<>();
    if (stats.corruptions() > 0) {
      problems.add("store: " + stats.corruptions() + " corrupt record(s) found; the store dropped the damaged records "
          + "(its log names the file and offset)");
    }
    long quarantined = stats.extra().getOrDefault("quarantinedFiles", 0L);
    if (quarantined > 0) {
      problems.add("store: " + quarantined + " quarantined file(s) holding damaged records in " + storeOptions.data
          + " (*.corrupt; see rollback-store-file/FORMAT.md)");
    }
    return problems;
  }
}
