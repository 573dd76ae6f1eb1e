package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Run one recovery of a session: the strategy with its context, a failed result instead of a
 * strategy's exception, the attempts the strategy did not report, the audit entry and the
 * {@code recoveryCompleted} event.
 *
 * <p>Every recovery reaches observers with at least its first attempt: a strategy reports attempts
 * through {@code RecoveryContext.attempted}, but one that restores on its first try (or throws at
 * once) often reports nothing. So once the strategy returned without reporting any, the engine reports
 * attempt 1 itself, before {@code recoveryCompleted}. Attempts are numbered by the strategy (per step
 * for a step-replaying one), so the engine does not invent later numbers. Runs under the session's
 * lock; stateless.
 */
final class SessionRecovery {
  private static final System.Logger LOG = System.getLogger(SessionRecovery.class.getName());

  private SessionRecovery() {}

  static RecoveryResult run(SessionHandle session, DefaultSessionRollbackEngine engine, Failure failure,
      RecoveryStrategy strategy, ObserverBus.Pending p) {
    long started = System.nanoTime();
    EngineRecoveryContext context = new EngineRecoveryContext(session, engine, failure, strategy.name(), p);
    RecoveryResult result;
    try {
      result = Objects.requireNonNull(strategy.recover(context), "strategy " + strategy.name() + " returned null");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "recovery strategy " + strategy.name() + " threw for session '" + session.id() + "'", e);
      result = RecoveryResult.failed(session.id(), strategy.name(), failure.type()).attempts(context.attempts())
          .message("strategy threw: " + e).duration(Duration.ofNanos(System.nanoTime() - started)).build();
    } finally {
      context.finish();
    }
    reportFirstAttempt(context);
    RecoveryResult done = result;
    engine.audit().record(action(done.outcome()), session.id(), done.outcome(), Map.of("strategy", done.strategy(),
        "failure", failure.type().name(), "attempts", Integer.toString(done.attempts()),
        "restored", done.restored().map(CheckpointId::value).orElse(""), "message", done.message()));
    p.add("recoveryCompleted", o -> o.recoveryCompleted(done));
    return done;
  }

  /** Report the first attempt if the strategy reported none. */
  private static void reportFirstAttempt(EngineRecoveryContext context) {
    if (context.attempts() == 0) {
      context.attempted(1, Optional.empty(), Duration.ZERO, Optional.empty());
    }
  }

  private static AuditAction action(Outcome outcome) {
    switch (outcome) {
      case SUCCESS: return AuditAction.RECOVERY_SUCCEEDED;
      case PARTIAL: return AuditAction.RECOVERY_PARTIAL;
      default: return AuditAction.RECOVERY_FAILED;
    }
  }
}
