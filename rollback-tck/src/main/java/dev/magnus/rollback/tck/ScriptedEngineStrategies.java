package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The recovery strategies the engine contract hands to the engine through its {@code EngineContext}, so
 * that {@code Session.recover} is exercised without any real strategy: each one does one scripted thing
 * through the {@link RecoveryContext} and records what it was given. {@link #config()} maps failure
 * types to them. Thread-safe.
 */
final class ScriptedEngineStrategies {
  /** Restores the newest checkpoint that is not a PRE_ROLLBACK; the default strategy. */
  static final String RESTORE_NEWEST = "tck-restore-newest";
  /** Restores the session's first checkpoint; selected for TIMEOUT. */
  static final String RESTORE_START = "tck-restore-start";
  /** Reports one failed attempt and gives up; selected for VALIDATION_ERROR. */
  static final String GIVES_UP = "tck-gives-up";
  /** Throws; selected for EXTERNAL_SERVICE_ERROR. */
  static final String THROWS = "tck-throws";
  /** Restores the newest checkpoint at its first try without reporting the attempt; selected for STATE_CORRUPTION. */
  static final String SILENT_RESTORE = "tck-silent-restore";

  /**
   * What a strategy was given when it ran.
   *
   * @param strategy the strategy's name
   * @param sessionId the context's session
   * @param failure the context's failure
   * @param checkpoints the context's checkpoints when recovery started
   */
  record Seen(String strategy, String sessionId, Failure failure, List<Checkpoint> checkpoints) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** Return what each strategy was given, in the order they ran. */
  List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Return the recovery options that select these strategies: one per failure type above. */
  static RecoveryConfig config() {
    return RecoveryConfig.custom().strategy(RESTORE_NEWEST).strategyFor(FailureType.TIMEOUT, RESTORE_START)
        .strategyFor(FailureType.VALIDATION_ERROR, GIVES_UP).strategyFor(FailureType.EXTERNAL_SERVICE_ERROR, THROWS)
        .strategyFor(FailureType.STATE_CORRUPTION, SILENT_RESTORE).build();
  }

  /** Return the strategies by name, for the engine's context. */
  Map<String, RecoveryStrategy> all() {
    return Map.of(RESTORE_NEWEST, strategy(RESTORE_NEWEST, c -> restore(c, RESTORE_NEWEST, newest(c))),
        SILENT_RESTORE, strategy(SILENT_RESTORE, ScriptedEngineStrategies::restoreSilently),
        RESTORE_START, strategy(RESTORE_START, c -> restore(c, RESTORE_START, c.checkpoints().get(0))),
        GIVES_UP, strategy(GIVES_UP, ScriptedEngineStrategies::giveUp),
        THROWS, strategy(THROWS, c -> {
          throw new IllegalStateException("strategy failure injected by the TCK");
        }));
  }

  private RecoveryStrategy strategy(String name, Function<RecoveryContext, RecoveryResult> body) {
    return new RecoveryStrategy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RecoveryResult recover(RecoveryContext context) {
        seen.add(new Seen(name, context.sessionId(), context.failure(), context.checkpoints()));
        return body.apply(context);
      }
    };
  }

  private static Checkpoint newest(RecoveryContext context) {
    List<Checkpoint> all = context.checkpoints();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).type() != CheckpointType.PRE_ROLLBACK) {
        return all.get(i);
      }
    }
    throw new IllegalStateException("no checkpoint to restore in session '" + context.sessionId() + "'");
  }

  private static RecoveryResult restore(RecoveryContext context, String name, Checkpoint target) {
    context.attempted(1, Optional.empty(), Duration.ZERO, Optional.empty());
    RollbackResult restored = context.restore(target.id());
    return RecoveryResult.succeeded(context.sessionId(), name, context.failure().type()).restored(target.id()).recoveryPoint(restored.recoveryPoint().id()).attempts(1)
        .message("restored " + target.id()).build();
  }

  private static RecoveryResult restoreSilently(RecoveryContext context) {
    Checkpoint target = newest(context);
    RollbackResult restored = context.restore(target.id());
    return RecoveryResult.succeeded(context.sessionId(), SILENT_RESTORE, context.failure().type()).restored(target.id())
        .recoveryPoint(restored.recoveryPoint().id()).attempts(1).message("restored " + target.id()).build();
  }

  private static RecoveryResult giveUp(RecoveryContext context) {
    context.attempted(1, Optional.of("scripted-step"), Duration.ZERO, Optional.of("scripted failure"));
    return RecoveryResult.failed(context.sessionId(), GIVES_UP, context.failure().type()).attempts(1)
        .message("gave up, as scripted").build();
  }
}
