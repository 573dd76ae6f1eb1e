package dev.magnus.rollback.integration.pr1;

import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RecoveryStep;
import dev.magnus.rollback.SessionState;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/*
 * What every decorator does when its delegate throws: hand the failure to recovery together with one
 * step that calls the delegate again and records the result in the state (a pure function of the
 * state, because DECOMPOSE may run it on another thread under a time limit and retry it). If recovery
 * succeeds and the step ran, the replayed value is the call's result; otherwise the caller gets a
 * Pr1ComponentException with the recovery result. Stateless.
 */
final class ReplayingRecovery {
  private ReplayingRecovery() {}

  static <T> T recover(RollbackBridge bridge, FailureType type, String operation, RuntimeException error,
      Supplier<T> call, BiFunction<SessionState, T, SessionState> record) {
    AtomicReference<T> replayed = new AtomicReference<>();
    RecoveryStep step = RecoveryStep.of(operation, state -> {
      T value = call.get();
      SessionState next = record.apply(state, value);
      replayed.set(value);
      return next;
    });
    RecoveryResult result = bridge.onComponentFailure(type, error, List.of(step));
    T value = replayed.get();
    if (result.succeeded() && value != null) {
      return value;
    }
    throw new Pr1ComponentException(type, operation, result, error);
  }
}
