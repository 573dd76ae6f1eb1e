package dev.magnus.rollback.cli;

import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.Providers;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Walk one session through the whole cycle: initialize, update, automatic and manual checkpoints, a
 * failure, an atomic rollback, a simulated restart that resumes the committed state, and the audit
 * log with its chain verified. Exits non-zero if any step does not behave as the design says.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the checkpoint -> rollback -> resume cycle on the configured store and print each step.")
final class DemoCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--store", defaultValue = "file",
      description = "Store provider name: file (durable, the default) or memory (default: ${DEFAULT-VALUE}).")
  private String store;

  @Option(names = "--data", defaultValue = "rollback-data",
      description = "Directory of the file store (default: ${DEFAULT-VALUE}).")
  private Path data;

  @Option(names = "--session", description = "Session id (default: demo-<current time>, new on every run).")
  private String sessionId;

  private PrintWriter out;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    if (sessionId == null) {
      sessionId = "demo-" + System.currentTimeMillis();
    }
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(20).minIntervalMs(0).build())
        .recovery(RecoveryConfig.custom().initialDelayMs(50).build())
        .storage(StorageConfig.custom().type(store).options("file", Map.of("path", data.toString())).build()).build();
    CheckpointStore checkpointStore = Providers.store(store, getClass().getClassLoader()).create(config.storage());
    boolean durable = checkpointStore.capabilities().contains(StoreCapability.DURABLE);
    SessionRollbackEngine engine = SessionRollback.builder().config(config).store(checkpointStore).build();
    step("store", store + " " + checkpointStore.capabilities() + (durable ? " in " + data : ""));

    Session session = engine.initialize(sessionId, SessionMetadata.of("user-123", "demo", "2.0.0",
        List.of("convergence", "magnus-15"), Instant.now()), Map.of("phase", "INTAKE", "patterns", List.of()));
    step("initialize", sessionId + " -> SESSION_START " + session.checkpoints().get(0).id());

    session.update(s -> s.with("patterns", List.of("retry-storm", "n-plus-one")));
    AutoCheckpointResult pattern = session.autoCheckpoint(CheckpointType.PATTERN_MILESTONE, "2 patterns detected");
    step("pattern detected", describe(pattern));
    session.update(s -> s.with("route", Map.of("model", "opus", "score", 0.92)));
    AutoCheckpointResult scoring = session.autoCheckpoint(CheckpointType.SCORING_DECISION, "routed to opus");
    step("scoring decision", describe(scoring));
    Checkpoint good = scoring.checkpoint().orElseThrow();

    session.update(s -> s.with("phase", "OPUS_CONSULTATION").with("route", Map.of("model", "broken", "score", -1.0)));
    step("failure", "the scorer produced a negative score; state revision " + session.getCurrentState().revision());

    RollbackResult rollback = session.rollbackToCheckpoint(good.id());
    step("rollback", "restored " + good.id() + " in " + rollback.duration().toNanos() / 1000 + " us; PRE_ROLLBACK "
        + rollback.preRollback().sequence() + ", RECOVERY_POINT " + rollback.recoveryPoint().sequence());
    check(session.getCurrentState().attributes().get("route").equals(Map.of("model", "opus", "score", 0.92)),
        "the state after rollback is the checkpointed state");


    AtomicInteger flaky = new AtomicInteger();
    RecoveryResult recovery = session.recover(Failure.of(FailureType.THERAPEUTIC_LOOP_ERROR, "phase transition timed out")
        .withSteps(List.of(
            RecoveryStep.of("enter OPUS_CONSULTATION", s -> s.with("phase", "OPUS_CONSULTATION")),
            RecoveryStep.of("record findings", s -> {
              if (flaky.incrementAndGet() < 2) {
                throw new IllegalStateException("findings store busy");
              }
              return s.with("findings", List.of("loop converged"));
            }))));
    step("recover", recovery.strategy() + " -> " + recovery.outcome() + " after " + recovery.attempts() + " attempts: "
        + recovery.message());
    check(recovery.succeeded(), "DECOMPOSE recovery replays both steps");

    SessionState committed = session.getCurrentState();
    SessionRollbackEngine restarted;
    if (durable) {
      printAudit(engine);
      engine.close(); // a real restart: the store is closed and opened again from disk
      restarted = SessionRollback.builder().config(config).build();
    } else {
      restarted = SessionRollback.builder().config(config).store(checkpointStore).build();
    }
    Session resumed = restarted.resume(sessionId);
    step("restart + resume", "state " + resumed.getCurrentState().attributes());
    check(resumed.getCurrentState().equals(committed), "the resumed state equals the committed state");

    for (Checkpoint c : resumed.checkpoints()) {
      out.printf("    #%-2d %-18s %s %s%n", c.sequence(), c.type(), c.id(), c.description());
    }
    if (!durable) {
      printAudit(engine);
    }
    restarted.close();
    out.println("demo finished: every step behaved as designed");
    out.flush();
    return 0;
  }

  private void printAudit(SessionRollbackEngine engine) {
    List<AuditEntry> entries = engine.getAuditLog().entries(sessionId);
    step("audit log", entries.size() + " entries");
    for (AuditEntry e : entries) {
      out.printf("    %3d %-20s %-7s %s%n", e.entryId(), e.action(), e.outcome(), e.details());
    }
    AuditVerification verification = engine.getAuditLog().verify();
    check(verification.valid(), "audit chain verifies: " + verification.problem());
    step("audit chain", "verified " + verification.entriesChecked() + " entries");
  }

  private static String describe(AutoCheckpointResult result) {
    return result.checkpoint().map(c -> c.type() + " #" + c.sequence() + " (" + c.storedSize() + " bytes)")
        .orElse("skipped: " + result.skippedReason().orElse(""));
  }

  private void step(String name, String text) {
    out.printf("%-18s %s%n", name, text);
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IntegrityViolationException("demo check failed: " + what);
    }
  }
}
