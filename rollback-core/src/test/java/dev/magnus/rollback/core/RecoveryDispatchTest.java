package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RecoveryDispatchTest {
  private final ManualClock clock = new ManualClock(T0);

  /** Restores the newest checkpoint before the newest, doing its work on another thread as Resilience4j would. */
  private static final class PreviousCheckpointStrategy implements RecoveryStrategy {
    private final String name;

    PreviousCheckpointStrategy(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public RecoveryResult recover(RecoveryContext context) {
      List<Checkpoint> all = context.checkpoints();
      Checkpoint target = all.get(all.size() - 2);
      context.attempted(1, Optional.empty(), Duration.ZERO, Optional.empty());
      RollbackResult restored = CompletableFuture.supplyAsync(() -> context.restore(target.id())).join();
      return RecoveryResult.succeeded(context.sessionId(), name, context.failure().type()).restored(target.id())
          .recoveryPoint(restored.recoveryPoint().id()).attempts(1).message("restored").build();
    }
  }

  @Test
  void withoutAStrategyModuleRecoverNamesTheMissingModule() {
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).build();
    Session session = engine.initialize("s1", metadata());

    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class,
        () -> session.recover(Failure.of(FailureType.TIMEOUT, "slow model")));

    assertTrue(e.getMessage().contains("'DECOMPOSE'") && e.getMessage().contains("dev.magnus.rollback:rollback-strategies")
        && e.getMessage().contains("recovery.strategy"), e.getMessage());
  }

  @Test
  void theStrategyIsSelectedByFailureTypeAndItsResultAudited() {
    List<RecoveryAttempt> attempts = new CopyOnWriteArrayList<>();
    List<RecoveryResult> results = new CopyOnWriteArrayList<>();
    RollbackConfig config = RollbackConfig.custom().recovery(RecoveryConfig.custom().strategy("PREVIOUS")
        .strategyFor(FailureType.SCORING_CALCULATION_ERROR, "PREVIOUS").build()).build();
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).config(config)
        .strategy(new PreviousCheckpointStrategy("PREVIOUS")).observer(new SessionObserver() {
          @Override
          public void recoveryAttempted(RecoveryAttempt attempt) {
            attempts.add(attempt);
          }

          @Override
          public void recoveryCompleted(RecoveryResult result) {
            results.add(result);
          }
        }).build();
    Session session = engine.initialize("s1", metadata(), Map.of("score", 1));
    session.update(s -> s.with("score", 2));
    session.createCheckpoint(CheckpointType.SCORING_DECISION, "bad score");

    RecoveryResult result = session.recover(Failure.of(FailureType.SCORING_CALCULATION_ERROR, "scorer crashed"));

    assertEquals(Outcome.SUCCESS, result.outcome());
    assertEquals(1L, session.getCurrentState().attributes().get("score"));
    assertEquals(1, attempts.size());
    assertEquals(List.of(result), results);
    List<AuditAction> actions = engine.getAuditLog().entries("s1").stream().map(AuditEntry::action).toList();
    assertTrue(actions.contains(AuditAction.RECOVERY_ATTEMPTED) && actions.contains(AuditAction.ROLLBACK_COMPLETED)
        && actions.get(actions.size() - 1) == AuditAction.RECOVERY_SUCCEEDED, actions.toString());
  }

  @Test
  void anUnknownStrategyNameFailsAtStartNotAtTheFirstRecovery() {
    RollbackConfig config = RollbackConfig.custom().recovery(RecoveryConfig.custom().strategy("PREVIOS")
        .strategyFor(FailureType.TIMEOUT, "NOPE").build()).build();
    SessionRollback.Builder builder = SessionRollback.builder().store(InMemoryStores.create()).clock(clock)
        .config(config).strategy(new PreviousCheckpointStrategy("PREVIOUS"));

    ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, builder::build);

    assertEquals(List.of("recovery.strategy (set in code): no recovery strategy named 'PREVIOS' on the class "
        + "path; did you mean 'PREVIOUS'? available: PREVIOUS; choose one of the available names, or register a "
        + "RecoveryStrategyProvider named 'PREVIOS' in META-INF/services/dev.magnus.rollback.spi.RecoveryStrategyProvider",
        "recovery.byFailureType.TIMEOUT (set in code): no recovery strategy named 'NOPE' on the class path; "
        + "available: PREVIOUS; choose one of the available names, or register a RecoveryStrategyProvider named 'NOPE' "
        + "in META-INF/services/dev.magnus.rollback.spi.RecoveryStrategyProvider"), e.problems());
    assertEquals(e.problems(), builder.problems());
  }

  @Test
  void aStrategyThatThrowsBecomesAFailureResult() {
    RecoveryStrategy broken = new RecoveryStrategy() {
      @Override
      public String name() {
        return "DECOMPOSE";
      }

      @Override
      public RecoveryResult recover(RecoveryContext context) {
        throw new IllegalStateException("strategy bug");
      }
    };
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).strategy(broken).build();
    Session session = engine.initialize("s1", metadata());

    RecoveryResult result = session.recover(Failure.of(FailureType.EXTERNAL_SERVICE_ERROR, "down"));

    assertEquals(Outcome.FAILURE, result.outcome());
    assertTrue(result.message().contains("strategy bug"));
    List<AuditEntry> entries = engine.getAuditLog().entries("s1");
    assertEquals(AuditAction.RECOVERY_FAILED, entries.get(entries.size() - 1).action());
  }

  @Test
  void aContextUsedAfterRecoverReturnedIsRejected() {
    RecoveryContext[] leaked = new RecoveryContext[1];
    RecoveryStrategy leaking = new RecoveryStrategy() {
      @Override
      public String name() {
        return "DECOMPOSE";
      }

      @Override
      public RecoveryResult recover(RecoveryContext context) {
        leaked[0] = context;
        return RecoveryResult.failed(context.sessionId(), "DECOMPOSE", context.failure().type()).message("nothing")
            .build();
      }
    };
    SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).clock(clock).strategy(leaking).build();
    Session session = engine.initialize("s1", metadata());
    session.recover(Failure.of(FailureType.TIMEOUT, "x"));

    assertThrows(IllegalStateException.class, () -> leaked[0].checkpoint(CheckpointType.RECOVERY_POINT, "late"));
    assertEquals(1, session.checkpoints().size());
  }
}
