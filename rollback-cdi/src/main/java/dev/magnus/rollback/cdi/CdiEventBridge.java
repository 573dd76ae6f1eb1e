package dev.magnus.rollback.cdi;

import dev.magnus.rollback.cdi.RollbackEvents.RollbackCompletedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.RecoveryCompletedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.RecoveryAttemptedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.IntegrityViolationEvent;
import dev.magnus.rollback.cdi.RollbackEvents.CheckpointsPrunedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.CheckpointCreatedEvent;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionObserver;
import jakarta.enterprise.event.Event;
import java.util.List;

/**
 * Turn engine observer callbacks into CDI events.
 *
 * <p>Registered on the produced engine like any observer, so it runs after the commit, outside the
 * session lock, on the thread that ran the operation, and CDI delivers synchronous observers on that
 * same thread. An application observer that throws is contained by the engine (logged, audited as
 * OBSERVER_FAILED) and never fails the operation. Thread-safe: {@link Event} is.
 */
final class CdiEventBridge implements SessionObserver {
  private final Event<Object> events;

  CdiEventBridge(Event<Object> events) {
    this.events = events;
  }

  @Override
  public void checkpointCreated(Checkpoint checkpoint) {
    events.select(CheckpointCreatedEvent.class).fire(new CheckpointCreatedEvent(checkpoint));
  }

  @Override
  public void rollbackCompleted(RollbackResult result) {
    events.select(RollbackCompletedEvent.class).fire(new RollbackCompletedEvent(result));
  }

  @Override
  public void recoveryAttempted(RecoveryAttempt attempt) {
    events.select(RecoveryAttemptedEvent.class).fire(new RecoveryAttemptedEvent(attempt));
  }

  @Override
  public void recoveryCompleted(RecoveryResult result) {
    events.select(RecoveryCompletedEvent.class).fire(new RecoveryCompletedEvent(result));
  }

  @Override
  public void checkpointsPruned(String sessionId, List<CheckpointId> deleted) {
    events.select(CheckpointsPrunedEvent.class).fire(new CheckpointsPrunedEvent(sessionId, deleted));
  }

  @Override
  public void integrityViolation(String sessionId, CheckpointId checkpointId, String problem) {
    events.select(IntegrityViolationEvent.class).fire(new IntegrityViolationEvent(sessionId, checkpointId, problem));
  }
}
