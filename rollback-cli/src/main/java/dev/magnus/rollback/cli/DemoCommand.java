package dev.magnus.rollback.cli;

import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.metrics.micrometer.RollbackMetrics;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Run a realistic gateway session end to end through the PR #1 bridge: initialize (or resume the
 * stored session), a phase change, patterns detected, a scoring decision, a phase change to
 * OPUS_CONSULTATION, an injected scoring failure recovered by DECOMPOSE with its retries, the timeline
 * and the audit log, a real restart (engine closed, store reopened from disk, session resumed) and a
 * final integrity verification of every stored checkpoint. Exits 1 if any step does not behave as the
 * design says.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run a gateway session through pattern detection, scoring, an OPUS_CONSULTATION phase, an injected "
        + "failure and its recovery, a restart and an integrity check, printing each step.",
        "Running it again resumes the stored session (--fresh starts over).",
        "Exit 0 when every step behaved as designed, 1 when a step did not (the message says which)."})
final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_SESSION = "demo-session";

  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--session", defaultValue = DEFAULT_SESSION, paramLabel = "ID", converter = Arguments.SessionId.class,
      description = "Session id; resumed if the store holds it (default: ${DEFAULT-VALUE}).")
  private String sessionId;

  @Option(names = "--fresh", description = "Delete the stored session first and start it over.")
  private boolean fresh;

  @Option(names = "--deltas", description = "Store each checkpoint as a delta against its parent where that is "
      + "smaller (checkpoint.delta.enabled); `rollback inspect` shows which are.")
  private boolean deltas;

  @Option(names = "--metrics", description = "Publish the engine's meters (rollback-metrics-micrometer) on an in-memory "
      + "registry and print those that moved after the demo.")
  private boolean metrics;

  private Printer out;

  @Override
  public Integer call() {
    out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    RollbackConfig config = config();
    CheckpointStore store = storeOptions.open();
    boolean durable = store.capabilities().contains(StoreCapability.DURABLE);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SessionRollback.Builder builder = storeOptions.engine(config, store).observer(new Narrator());
    SessionRollbackEngine engine = (metrics ? builder.plugin(RollbackMetrics.of(registry)) : builder).build();
    out.step("store", storeOptions.store + " " + new java.util.TreeSet<>(store.capabilities())
        + (durable ? " in " + storeOptions.data : ""));
    if (fresh && store.deleteSession(sessionId) > 0) {
      out.step("fresh", "deleted the stored session " + sessionId);
    }
    Session session = openSession(engine, store);
    long firstOfRun = session.checkpoints().get(session.checkpoints().size() - 1).sequence() + 1;
    long run = ((Number) session.getCurrentState().attributes().getOrDefault("demo.runs", 0L)).longValue() + 1;
    session.update(s -> s.with("demo.runs", run));
    new GatewayScenario(session, out).run(run);
    SessionState committed = session.getCurrentState();
    printTimeline(session.checkpoints(), firstOfRun);
    printAudit(engine);
    if (metrics) {
      MetricsReport.print(registry, out);
    }
    restartAndVerify(engine, store, durable, config, committed);
    out.good("demo finished: every step behaved as designed (run " + run + " of session " + sessionId
        + "; run it again to resume it)");
    return 0;
  }

  private RollbackConfig config() {
    RollbackConfig loaded = storeOptions.config();
    return RollbackConfig.from(loaded)
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(40).retention(Duration.ZERO).minInterval(Duration.ZERO)
            .delta(loaded.checkpoint().delta().withEnabled(deltas)).build())
        .recovery(RecoveryConfig.custom().strategy("DECOMPOSE").maxAttempts(3).initialDelay(Duration.ofMillis(50))
            .backoffMultiplier(2)
            .maxDelay(Duration.ofSeconds(1)).build())
        .build();
  }

  private Session openSession(SessionRollbackEngine engine, CheckpointStore store) {
    if (store.latest(sessionId).isPresent()) {
      Session session = engine.resume(sessionId);
      Checkpoint head = session.checkpoints().get(session.checkpoints().size() - 1);
      out.step("resume", "session " + sessionId + " found in the store: resumed at #" + head.sequence() + " "
          + head.type() + " (" + head.description() + "), phase " + session.getCurrentState().attributes().get("pr1.phase"));
      return session;
    }
    Session session = engine.initialize(sessionId, SessionMetadata.of("user-123", "production", "2.0.0",
        List.of("convergence", "magnus-15"), Instant.now()), Map.of("gateway", "edge-eu-1"));
    out.step("initialize", sessionId + " -> SESSION_START " + session.checkpoints().get(0).id());
    return session;
  }

  private void printTimeline(List<Checkpoint> timeline, long firstOfRun) {
    long earlier = timeline.stream().filter(c -> c.sequence() < firstOfRun).count();
    out.step("timeline", timeline.size() + " checkpoints stored"
        + (earlier > 1 ? "; " + earlier + " from earlier runs (rollback inspect " + sessionId + " lists them)" : ""));
    for (Checkpoint c : timeline) {
      if (c.sequence() >= firstOfRun || earlier <= 1) {
        out.detail(String.format("#%-3d %-18s %s  %s", c.sequence(), c.type(), c.id(), c.description()));
      }
    }
  }

  private void printAudit(SessionRollbackEngine engine) {
    List<AuditEntry> entries = engine.getAuditLog().entries(sessionId);
    out.step("audit log", entries.size() + " entries of this run");
    for (AuditEntry e : entries) {
      out.detail(String.format("%3d %-20s %-7s %s", e.entryId(), e.action(), e.outcome(), e.details()));
    }
    AuditVerification verification = engine.getAuditLog().verify();
    check(verification.valid(), "audit chain verifies: " + verification.problem());
    out.step("audit chain", "verified " + verification.entriesChecked() + " entries");
  }

  private void restartAndVerify(SessionRollbackEngine engine, CheckpointStore store, boolean durable,
      RollbackConfig config, SessionState committed) {
    CheckpointStore reopened = store;
    if (durable) {
      engine.close(); // a real restart: the store is closed and opened again from disk
      reopened = storeOptions.open();
    }
    try (SessionRollbackEngine restarted = storeOptions.engine(config, reopened).build()) {
      Session resumed = restarted.resume(sessionId);
      check(resumed.getCurrentState().equals(committed), "the resumed state equals the committed state");
      out.step("restart + resume", (durable ? "engine closed, store reopened from disk" : "new engine on the same store")
          + "; resumed state equals the committed state (revision " + committed.revision() + ")");
      List<Verification.Problem> problems = Verification.of(config).verifySession(reopened, sessionId);
      problems.forEach(p -> out.bad("    " + p));
      check(problems.isEmpty(), "every stored checkpoint verifies");
      out.step("integrity", "verified " + resumed.checkpoints().size() + " checkpoints: state hashes, chain hashes, "
          + "no gaps");
    } finally {
      if (!durable) {
        engine.close();
      }
    }
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new IntegrityViolationException("demo check failed: " + what);
    }
  }

  /* Print what the engine tells observers: checkpoints, rollbacks, recovery attempts and results. */
  private final class Narrator implements SessionObserver {
    @Override
    public void checkpointCreated(Checkpoint c) {
      out.detail("checkpoint #" + c.sequence() + " " + c.type() + " (" + c.storedSize() + " bytes): " + c.description());
    }

    @Override
    public void rollbackCompleted(RollbackResult r) {
      out.detail("rolled back to #" + r.target().sequence() + " " + r.target().type() + ": PRE_ROLLBACK #"
          + r.preRollback().sequence() + ", RECOVERY_POINT #" + r.recoveryPoint().sequence() + " (the commit point)");
    }

    @Override
    public void recoveryAttempted(RecoveryAttempt a) {
      out.detail("recovery attempt " + a.attempt() + a.step().map(s -> " of step '" + s + "'").orElse("")
          + (a.waitBefore().isZero() ? "" : " after waiting " + a.waitBefore().toMillis() + " ms")
          + a.cause().map(c -> " (previous attempt: " + c + ")").orElse(""));
    }

    @Override
    public void recoveryCompleted(RecoveryResult r) {
      out.step("recovery", r.strategy() + " for " + r.failure() + " -> " + r.outcome() + " after " + r.attempts()
          + " attempts: " + r.message());
    }
  }
}
