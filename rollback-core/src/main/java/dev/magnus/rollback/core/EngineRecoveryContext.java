package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.ValidationResult;
import dev.magnus.rollback.spi.RecoveryContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * The view of one session that a recovery strategy gets.
 *
 * <p>The thread that called {@code recover} holds the session lock for the whole recovery. A
 * strategy may call the context from that thread, or from other threads (Resilience4j runs retries
 * and time limits on the scheduler) while the recovering thread waits for it: such calls act on the
 * lock's behalf and are serialized by the context's own monitor. Calls after {@code recover}
 * returned fail. Observer events are queued and delivered once recovery has released the lock.
 */
final class EngineRecoveryContext implements RecoveryContext {
  private final SessionHandle session;
  private final DefaultSessionRollbackEngine engine;
  private final Failure failure;
  private final String strategy;
  private final ObserverBus.Pending pending;
  private int attempts;
  private volatile boolean active = true;

  EngineRecoveryContext(SessionHandle session, DefaultSessionRollbackEngine engine, Failure failure, String strategy,
      ObserverBus.Pending pending) {
    this.session = session;
    this.engine = engine;
    this.failure = failure;
    this.strategy = strategy;
    this.pending = pending;
  }

  synchronized int attempts() {
    return attempts;
  }

  void finish() {
    active = false;
  }

  private <T> T call(java.util.function.Function<ObserverBus.Pending, T> operation) {
    if (!active) {
      throw new IllegalStateException("the recovery context of session '" + session.id()
          + "' was used after recover() returned: a strategy must finish its work before returning");
    }
    if (session.isHeldByCurrentThread()) {
      return session.locked(operation);
    }
    synchronized (this) {
      return operation.apply(pending);
    }
  }

  @Override
  public String sessionId() {
    return session.id();
  }

  @Override
  public Failure failure() {
    return failure;
  }

  @Override
  public SessionState currentState() {
    return session.state();
  }

  @Override
  public List<Checkpoint> checkpoints() {
    return call(p -> session.liveCheckpoints());
  }

  @Override
  public SessionState load(CheckpointId id) {
    Objects.requireNonNull(id, "id");
    return call(p -> session.verified(session.readRecord(id), p));
  }

  @Override
  public RollbackResult restore(CheckpointId id) {
    Objects.requireNonNull(id, "id");
    return call(p -> session.rollbackLocked(id, p));
  }

  @Override
  public SessionState update(UnaryOperator<SessionState> change) {
    Objects.requireNonNull(change, "change");
    return call(p -> session.applyUpdate(change));
  }

  @Override
  public Checkpoint checkpoint(CheckpointType type, String description) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    return call(p -> session.checkpointLocked(type, description, Map.of("recovery", strategy), p));
  }

  @Override
  public ValidationResult validate(SessionState state) {
    return engine.validator().validate(Objects.requireNonNull(state, "state"));
  }

  @Override
  public synchronized void attempted(int attempt, Optional<String> step, Duration waitBefore, Optional<String> cause) {
    attempts++;
    RecoveryAttempt event = new RecoveryAttempt(session.id(), strategy, attempt, step, waitBefore, cause,
        engine.clock().instant());
    engine.audit().record(AuditAction.RECOVERY_ATTEMPTED, session.id(), cause.isPresent() ? Outcome.PARTIAL : Outcome.SUCCESS,
        Map.of("strategy", strategy, "attempt", Integer.toString(attempt), "step", step.orElse(""),
            "waitMs", Long.toString(waitBefore.toMillis()), "cause", cause.orElse("")));
    pending.add("recoveryAttempted", o -> o.recoveryAttempted(event));
  }

  @Override
  public RecoveryConfig options() {
    return engine.config().recovery();
  }

  @Override
  public Clock clock() {
    return engine.clock();
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return engine.scheduler();
  }
}
