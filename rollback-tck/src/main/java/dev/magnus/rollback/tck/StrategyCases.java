package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Hold what every strategy contract group shares: scripted sessions, running a recovery on virtual
 * time under the real-time bound, and the expected state after scripted steps.
 *
 * <p>Each group is a package-private abstract subclass; {@link RecoveryStrategyContract} wires each one
 * in as a {@code @Nested} inner class that answers {@link #contract()} with its enclosing instance.
 * Every context a case builds is closed after it, which releases steps that still hang.
 */
abstract class StrategyCases {
  /** The session most cases use. */
  static final String SESSION = "strategy-session";
  private final List<ScriptedRecoveryContext> contexts = new ArrayList<>();

  /**
   * Return the contract instance whose factory creates the strategies.
   *
   * @return the enclosing contract
   */
  abstract RecoveryStrategyContract contract();

  /** What one recovery returned, and what the recovering thread and the clock looked like after it. */
  record Recovery(RecoveryResult result, boolean interruptFlagSet, Duration virtualElapsed) {}

  RecoveryScript session() {
    return session(SESSION, contract().config());
  }

  static RecoveryScript session(String sessionId, RecoveryConfig config) {
    return ScriptedRecoveryContext.forSession(sessionId).options(config);
  }

  /** The contract's options with other retry settings. */
  RecoveryConfig retrying(int maxAttempts, Duration initial, double multiplier, Duration max, Duration timeout) {
    return RecoveryConfig.from(contract().config()).maxAttempts(maxAttempts).initialDelay(initial)
        .backoffMultiplier(multiplier).maxDelay(max).stepTimeout(timeout).build();
  }

  ScriptedRecoveryContext track(ScriptedRecoveryContext context) {
    contexts.add(context);
    return context;
  }

  RecoveryResult recover(ScriptedRecoveryContext context) {
    return run(context).result();
  }

  /** Recover with a strategy created for the context's options. */
  Recovery run(ScriptedRecoveryContext context) {
    return run(contract().createStrategy(context.options()), context);
  }

  /** Recover on the calling thread's behalf, bounded in real time; the interrupt flag is read and cleared. */
  Recovery run(RecoveryStrategy strategy, ScriptedRecoveryContext context) {
    track(context);
    Duration limit = contract().realTimeLimit();
    Instant start = context.manualClock().instant();
    return assertTimeoutPreemptively(limit, () -> {
      RecoveryResult result = assertDoesNotThrow(() -> context.recoverWith(strategy),
          "a strategy must report a failed recovery as a result, not throw");
      boolean interrupted = Thread.interrupted();
      return new Recovery(result, interrupted, Duration.between(start, context.manualClock().instant()));
    }, () -> "the recovery did not return within " + limit + " of real time: waits and time limits must "
        + "pass on the context's scheduler and clock (virtual time here), never by sleeping on the real clock, "
        + "and a hung step must be cut at its time limit");
  }

  @AfterEach
  final void closeContexts() {
    contexts.forEach(ScriptedRecoveryContext::close);
  }

  /** Skip the case, with the reason, unless the strategy declares one of the kinds. */
  void requireKind(StrategyKind... kinds) {
    StrategyKind kind = contract().kind();
    assumeTrue(Arrays.asList(kinds).contains(kind),
        () -> "the strategy declares kind() " + kind + "; these cases are for " + Arrays.toString(kinds));
  }

  /** The state a scripted step returns for an input at an attempt. */
  static SessionState afterStep(String step, int attempt, SessionState input) {
    return ScriptedSteps.output(step, attempt, input);
  }

  /** The attributes of the state a checkpoint holds. */
  static Map<String, Object> attributesOf(ScriptedRecoveryContext context, Checkpoint checkpoint) {
    return context.stateOf(checkpoint.id()).attributes();
  }

  /** The RECOVERY_POINT checkpoints the strategy wrote, in order. */
  static List<Checkpoint> recoveryPoints(ScriptedRecoveryContext context) {
    return context.written().stream().filter(c -> c.type() == CheckpointType.RECOVERY_POINT).toList();
  }

  /** The step runs of one step, in order. */
  static List<StepRun> runsOf(ScriptedRecoveryContext context, String step) {
    return context.stepRuns().stream().filter(r -> r.step().equals(step)).toList();
  }

  /**
   * The step runs of one step once none is running any more: an attempt cut by a time limit may still
   * be unwinding on its thread when the recovery returns. Waits at most five seconds of real time.
   */
  static List<StepRun> settledRunsOf(ScriptedRecoveryContext context, String step) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<StepRun> runs = runsOf(context, step);
    while (runs.stream().anyMatch(r -> r.status() == StepRun.Status.RUNNING) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      runs = runsOf(context, step);
    }
    return runs;
  }

  /** The attempts reported for one step, in order. */
  static List<ScriptedRecoveryContext.Attempt> reportsOf(ScriptedRecoveryContext context, String step) {
    return context.attempts().stream().filter(a -> a.step().filter(step::equals).isPresent()).toList();
  }
}
