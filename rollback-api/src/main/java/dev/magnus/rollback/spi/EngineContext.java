package dev.magnus.rollback.spi;

import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.StateValidator;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Hand an engine provider everything an engine runs with. Immutable.
 *
 * @param config the configuration
 * @param store the checkpoint store; the engine owns and closes it
 * @param strategies recovery strategies by name
 * @param validator validates states before recovery restores them
 * @param observers observers registered from the start
 * @param auditSinks sinks receiving every audit entry
 * @param clock the clock for timestamps and intervals
 * @param scheduler the scheduler for asynchronous checkpoints, waits and time limits
 */
public record EngineContext(
    RollbackConfig config,
    CheckpointStore store,
    Map<String, RecoveryStrategy> strategies,
    StateValidator validator,
    List<SessionObserver> observers,
    List<AuditSink> auditSinks,
    Clock clock,
    ScheduledExecutorService scheduler) {
  /** Validate and copy. */
  public EngineContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(store, "store");
    strategies = Map.copyOf(Objects.requireNonNull(strategies, "strategies"));
    Objects.requireNonNull(validator, "validator");
    observers = List.copyOf(Objects.requireNonNull(observers, "observers"));
    auditSinks = List.copyOf(Objects.requireNonNull(auditSinks, "auditSinks"));
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(scheduler, "scheduler");
  }
}
