package dev.magnus.rollback.tck;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StateValidator;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Hold what every engine contract group shares: the store (wrapped for injection), a manual clock, a
 * scheduler, the scripted recovery strategies every engine gets in its context, and helpers that build
 * engines and sessions. Every engine a test builds is closed after it; the store beneath is closed last.
 */
abstract class EngineCases {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String SESSION = "engine-session";

  CheckpointStore backing;
  InjectingStore store;
  ManualClock clock;
  ScheduledExecutorService scheduler;
  /** The store view of the engine built last; a restarted engine gets its own. */
  InjectingStore lastView;
  /** The strategies every engine's context carries; they record what they were given. */
  final ScriptedEngineStrategies strategies = new ScriptedEngineStrategies();
  private final List<SessionRollbackEngine> engines = new ArrayList<>();

  abstract SessionRollbackEngineContract contract();

  @BeforeEach
  final void setUpEngineFixture() {
    backing = contract().createStore();
    store = InjectingStore.view(backing);
    clock = new ManualClock(T0);
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tck-engine-scheduler");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  final void tearDownEngineFixture() throws InterruptedException {
    for (SessionRollbackEngine engine : engines) {
      try {
        engine.close();
      } catch (RuntimeException ignored) {
        // the test may have closed it already; closing twice must be harmless
      }
    }
    if (scheduler != null) { // null when createStore() aborted the test (a skipped database, say)
      scheduler.shutdownNow();
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (backing != null) {
      backing.close();
    }
  }

  static SessionMetadata metadata() {
    return SessionMetadata.of("user-1", "tck", "1.0", List.of("tck"), T0);
  }

  /** Return a configuration whose recovery section selects the scripted strategies. */
  static RollbackConfig recoveryConfig() {
    return RollbackConfig.custom().recovery(ScriptedEngineStrategies.config()).build();
  }

  static RollbackConfig config(UnaryOperator<CheckpointConfig.Builder> checkpoint) {
    return RollbackConfig.custom().checkpoint(checkpoint.apply(CheckpointConfig.custom()).build()).build();
  }

  SessionRollbackEngine engine() {
    return engine(RollbackConfig.ofDefaults(), List.of());
  }

  SessionRollbackEngine engine(RollbackConfig config) {
    return engine(config, List.of());
  }

  /** Build an engine over the shared store; a second call is a restart on the same data. */
  SessionRollbackEngine engine(RollbackConfig config, List<SessionObserver> observers) {
    InjectingStore view = engines.isEmpty() ? store : InjectingStore.view(backing);
    lastView = view;
    SessionRollbackEngine engine = contract().createEngine(new EngineContext(config, view, strategies.all(),
        StateValidator.ACCEPT_ALL, observers, List.of(), clock, scheduler));
    engines.add(engine);
    return engine;
  }

  void later(Duration by) {
    clock.advance(by);
  }

  static List<AuditAction> actions(SessionRollbackEngine engine, String sessionId) {
    return engine.getAuditLog().entries(sessionId).stream().map(AuditEntry::action).toList();
  }
}
