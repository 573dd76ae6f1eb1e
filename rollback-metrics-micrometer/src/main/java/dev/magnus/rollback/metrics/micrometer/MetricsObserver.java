package dev.magnus.rollback.metrics.micrometer;

import dev.magnus.rollback.AutoCheckpointResult.SkipCause;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.SessionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Move the engine's meters on its observer events.
 *
 * <p>Design: the meters whose tags are enums are registered up front and held in arrays indexed by the
 * enum's ordinal, so the hot events (a checkpoint written) cost an array read and an atomic add, with no
 * registry lookup or allocation; every series exists from the start at 0, and no event can add one.
 * Recoveries and observer failures are rare and carry a strategy name or an event name; they go through
 * the registry, with the name bounded by {@link TagValues}. Never a session id, a description or an error
 * message as a tag. Thread-safe: the meters are; this class holds no mutable state of its own.
 */
final class MetricsObserver implements SessionObserver {
  private static final int FULL = 0;
  private static final int DELTA = 1;

  private final MeterFactory meters;
  private final TagValues tags = new TagValues();
  private final Counter[][] created = new Counter[CheckpointType.values().length][2];
  private final Counter[] createFailed = new Counter[CheckpointType.values().length];
  private final Counter[][] skipped = new Counter[CheckpointType.values().length][SkipCause.values().length];
  private final Timer createOk;
  private final Timer createFailedTime;
  private final DistributionSummary[] storedSize = new DistributionSummary[2];
  private final Counter rollbacksOk;
  private final Counter rollbacksFailed;
  private final Timer rollbackOk;
  private final Timer rollbackFailedTime;
  private final Counter pruned;
  private final Counter violations;
  private final Counter conflicts;

  MetricsObserver(MeterFactory meters) {
    this.meters = meters;
    for (CheckpointType type : CheckpointType.values()) {
      registerCheckpointCounters(type);
    }
    createOk = meters.timer(MeterNames.CHECKPOINT_CREATE, "Time to write a checkpoint", "outcome", "success");
    createFailedTime = meters.timer(MeterNames.CHECKPOINT_CREATE, "Time to write a checkpoint", "outcome", "failure");
    storedSize[FULL] = meters.bytes(MeterNames.CHECKPOINT_STORED_SIZE, "Payload bytes stored per checkpoint",
        "encoding", Checkpoint.FULL);
    storedSize[DELTA] = meters.bytes(MeterNames.CHECKPOINT_STORED_SIZE, "Payload bytes stored per checkpoint",
        "encoding", Checkpoint.DELTA);
    rollbacksOk = meters.counter(MeterNames.ROLLBACKS, "Rollbacks", "outcome", "success");
    rollbacksFailed = meters.counter(MeterNames.ROLLBACKS, "Rollbacks", "outcome", "failure");
    rollbackOk = meters.timer(MeterNames.ROLLBACK, "Time to roll back", "outcome", "success");
    rollbackFailedTime = meters.timer(MeterNames.ROLLBACK, "Time to roll back", "outcome", "failure");
    pruned = meters.counter(MeterNames.CHECKPOINTS_PRUNED, "Checkpoints deleted by retention");
    violations = meters.counter(MeterNames.INTEGRITY_VIOLATIONS, "Stored checkpoints that failed their integrity check");
    conflicts = meters.counter(MeterNames.STORE_CONFLICTS, "Appends refused because another writer took the sequence");
  }

  private void registerCheckpointCounters(CheckpointType type) {
    int t = type.ordinal();
    String name = TagValues.of(type);
    String description = "Checkpoint writes";
    created[t][FULL] = meters.counter(MeterNames.CHECKPOINTS_CREATED, description, "type", name, "encoding",
        Checkpoint.FULL, "outcome", "success");
    created[t][DELTA] = meters.counter(MeterNames.CHECKPOINTS_CREATED, description, "type", name, "encoding",
        Checkpoint.DELTA, "outcome", "success");
    createFailed[t] = meters.counter(MeterNames.CHECKPOINTS_CREATED, description, "type", name, "encoding", "none",
        "outcome", "failure");
    if (type.isAutomatic()) {
      for (SkipCause cause : SkipCause.values()) {
        skipped[t][cause.ordinal()] = meters.counter(MeterNames.CHECKPOINTS_SKIPPED, "Automatic checkpoints skipped",
            "type", name, "reason", TagValues.of(cause));
      }
    }
  }

  @Override
  public void checkpointCreated(Checkpoint checkpoint, Duration took) {
    int encoding = checkpoint.label(Checkpoint.ENCODING).filter(Checkpoint.DELTA::equals).isPresent() ? DELTA : FULL;
    created[checkpoint.type().ordinal()][encoding].increment();
    createOk.record(took);
    storedSize[encoding].record(checkpoint.storedSize());
  }

  @Override
  public void checkpointFailed(String sessionId, CheckpointType type, RuntimeException error, Duration took) {
    createFailed[type.ordinal()].increment();
    createFailedTime.record(took);
    if (error instanceof CheckpointConflictException) {
      conflicts.increment();
    }
  }

  @Override
  public void autoCheckpointSkipped(String sessionId, CheckpointType type, SkipCause cause, String reason) {
    Counter counter = skipped[type.ordinal()][cause.ordinal()];
    if (counter != null) {
      counter.increment();
    }
  }

  @Override
  public void rollbackCompleted(RollbackResult result) {
    rollbacksOk.increment();
    rollbackOk.record(result.duration());
  }

  @Override
  public void rollbackFailed(String sessionId, CheckpointId target, RuntimeException error, Duration took) {
    rollbacksFailed.increment();
    rollbackFailedTime.record(took);
  }

  @Override
  public void recoveryAttempted(RecoveryAttempt attempt) {
    meters.counter(MeterNames.RECOVERY_ATTEMPTS, "Recovery attempts and retries", "strategy",
        tags.strategy(attempt.strategy())).increment();
  }

  @Override
  public void recoveryCompleted(RecoveryResult result) {
    String strategy = tags.strategy(result.strategy());
    String outcome = TagValues.of(result.outcome());
    meters.counter(MeterNames.RECOVERIES, "Recoveries", "strategy", strategy, "failure", TagValues.of(result.failure()),
        "outcome", outcome).increment();
    meters.timer(MeterNames.RECOVERY, "Time to recover", "strategy", strategy, "outcome", outcome)
        .record(result.duration());
  }

  @Override
  public void checkpointsPruned(String sessionId, List<CheckpointId> deleted) {
    pruned.increment(deleted.size());
  }

  @Override
  public void integrityViolation(String sessionId, CheckpointId checkpointId, String problem) {
    violations.increment();
  }

  @Override
  public void observerFailed(String sessionId, String event, Throwable error) {
    meters.counter(MeterNames.OBSERVER_FAILURES, "Observers that threw", "event", TagValues.event(event)).increment();
  }
}
