package dev.magnus.rollback.cli;

import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.core.AuditFiles;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Check every checkpoint of every session in a store: readable, state hash, chain hash, no gap; plus
 * the damage the store reports and the audit log's chains. Opens a file store read-only, so it never
 * changes or repairs anything. Checkpoints that are intact but hashed with another HMAC key than the
 * one given are reported as a key problem, not as damage.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every state hash and chain hash of every checkpoint of every session, and report each "
        + "problem with its session and checkpoint.",
        "Opens the file store read-only: nothing in --data is created, changed or repaired (a read-only directory "
            + "works). Damage the store finds is reported, one line per damaged place (the segment, what was lost), "
            + "with the count of lost or withheld checkpoints; `rollback repair` shows how to repair it.",
        "Also checks every hash chain of the audit log in --data/audit.jsonl (one chain per engine run).",
        "Checkpoints written with an HMAC key need it: --hmac-key-env names the variable holding it. Intact "
            + "checkpoints read with the wrong key, or without one, are reported as a key problem (exit 2), not as "
            + "damage.",
        "Exit 0 when there is no damage and every hash and chain is intact, 1 on any problem."})
final class VerifyCommand implements Callable<Integer> {
  private static final int PROGRESS_EVERY = 100;

  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--json", description = "Print the result as JSON: counts, problems, key advice and notes.")
  private boolean json;

  /** What verify found: problems (each with its kind and place), key advice, notes, and what it checked. */
  private static final class Report {
    final List<Map<String, @Nullable Object>> problems = new ArrayList<>();
    final List<String> keyAdvice = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long checkpoints;
    int sessions;
    int auditChains;

    void problem(String kind, @Nullable String session, @Nullable Long sequence, @Nullable CheckpointId id,
        String text) {
      Map<String, @Nullable Object> p = new LinkedHashMap<>();
      p.put("kind", kind);
      p.put("session", session);
      p.put("sequence", sequence);
      p.put("checkpointId", id == null ? null : id.value());
      p.put("message", text);
      problems.add(p);
    }
  }

  @Override
  public Integer call() {
    Verification verification = storeOptions.verification();
    Report report = new Report();
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      storeDamage(report, StoreDamage.of(store));
      verifySessions(report, store, verification);
      storeOptions.auditFile().ifPresent(file -> verifyAuditChains(report, file));
    }
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    if (json) {
      Json.print(out, json(report));
    } else {
      print(out, report);
    }
    return !report.problems.isEmpty() ? ExitCodes.PROBLEMS
        : report.keyAdvice.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
  }

  private void verifySessions(Report report, CheckpointStore store, Verification verification) {
    List<String> sessions = store.sessions().stream().filter(id -> !EncryptionConfig.isKeyRingSession(id))
        .sorted().toList(); // the key ring holds wrapped keys, not checkpoints
    report.sessions = sessions.size();
    for (int i = 0; i < sessions.size(); i++) {
      String session = sessions.get(i);
      report.checkpoints += store.list(session, CheckpointQuery.all()).size();
      List<Verification.Problem> problems = verification.verifySession(store, session);
      Optional<String> otherKey = problems.isEmpty() ? Optional.empty()
          : storeOptions.otherKey(verification, store, session);
      if (otherKey.isPresent()) {
        report.keyAdvice.add(otherKey.get());
      } else {
        problems.forEach(p -> report.problem("checkpoint", p.sessionId(), p.sequence(), p.checkpointId().orElse(null),
            p.toString()));
      }
      if ((i + 1) % PROGRESS_EVERY == 0) {
        spec.commandLine().getErr().println("verified " + (i + 1) + " of " + sessions.size() + " sessions...");
      }
    }
  }

  private static void verifyAuditChains(Report report, Path file) {
    for (AuditVerification chain : AuditFiles.verify(file)) {
      report.auditChains++;
      if (!chain.valid()) {
        report.problem("audit", null, null, null, "audit log " + file + ", chain " + report.auditChains + ": "
            + chain.problem());
      }
    }
  }

  /** Record the damage the store reported; torn tails and quarantined files are notes, not problems. */
  private void storeDamage(Report report, StoreDamage damage) {
    for (String place : damage.reports()) {
      report.problem("damage", null, null, null, "store damage: " + place);
    }
    if (damage.found()) {
      String total = "store damage: the " + storeOptions.describe() + " counts " + damage.counted() + "; it was "
          + "opened read-only, so nothing was changed: `rollback repair --data " + storeOptions.data + "` shows what "
          + "a repair would do";
      if (damage.reports().isEmpty()) {
        report.problem("damage", null, null, null, total);
      } else {
        report.notes.add(total);
      }
    }
    if (damage.tornTails() > 0) {
      report.notes.add("note: the newest segment ends in a torn write (bytes of an append that was never "
          + "acknowledged); the next writable open cuts it, or `rollback repair`");
    }
    if (damage.quarantinedFiles() > 0) {
      report.notes.add("note: " + damage.quarantinedFiles() + " quarantined file(s) (*.corrupt) in " + storeOptions.data
          + ", originals of segments an earlier repair salvaged; the store never reads them: keep them for "
          + "forensics or delete them");
    }
  }

  private void print(Printer out, Report report) {
    report.problems.forEach(p -> out.bad(String.valueOf(p.get("message"))));
    report.keyAdvice.forEach(out::bad);
    report.notes.forEach(note -> {
      if (note.startsWith("note: ")) {
        out.line(note);
      } else {
        out.bad(note);
      }
    });
    String summary = "checked " + report.checkpoints + " checkpoints in " + report.sessions + " session"
        + (report.sessions == 1 ? "" : "s") + " of the " + storeOptions.describe()
        + (report.auditChains == 0 ? "" : " and " + report.auditChains + " audit chain"
        + (report.auditChains == 1 ? "" : "s")) + ": ";
    if (!report.problems.isEmpty()) {
      out.bad(summary + report.problems.size() + " problem" + (report.problems.size() == 1 ? "" : "s"));
    } else if (!report.keyAdvice.isEmpty()) {
      out.bad(summary + "not verified: the HMAC key is missing or wrong (see above); nothing is damaged");
    } else {
      out.good(summary + "no damage, every state hash and chain hash verified"
          + (report.auditChains == 0 ? "" : ", every audit chain intact"));
    }
  }

  private Map<String, Object> json(Report report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("store", storeOptions.describe());
    m.put("ok", report.problems.isEmpty() && report.keyAdvice.isEmpty());
    m.put("sessions", report.sessions);
    m.put("checkpoints", report.checkpoints);
    m.put("auditChains", report.auditChains);
    m.put("problems", report.problems);
    m.put("hmacKey", report.keyAdvice);
    m.put("notes", report.notes);
    return m;
  }
}
