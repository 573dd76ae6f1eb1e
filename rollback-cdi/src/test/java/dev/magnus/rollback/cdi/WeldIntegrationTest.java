package dev.magnus.rollback.cdi;

import dev.magnus.rollback.cdi.RollbackEvents.RollbackCompletedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.RecoveryCompletedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.RecoveryAttemptedEvent;
import dev.magnus.rollback.cdi.RollbackEvents.CheckpointCreatedEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ClosedException;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.RecoveryContext;
import dev.magnus.rollback.spi.RecoveryStrategy;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import dev.magnus.rollback.store.memory.InMemoryStores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** Boots a real Weld SE container with the producer, an application service, an observer and two SPI beans. */
class WeldIntegrationTest {
  private static Weld weld() {
    return new Weld().disableDiscovery().addBeanClasses(SessionRollbackProducer.class, CheckpointingService.class,
        RecordingObserver.class, CdiMemoryStoreProvider.class, CdiDecomposeProvider.class);
  }

  @Test
  void containerInjectsTheEngineFiresEventsAndPrefersCdiProviders() {
    CdiMemoryStoreProvider provider;
    RecordingObserver observer;
    List<CheckpointStore> created;
    // given a container started with the producer and the application's beans
    try (WeldContainer container = weld().initialize()) {
      CheckpointingService service = container.select(CheckpointingService.class).get();
      observer = container.select(RecordingObserver.class).get();
      provider = container.select(CdiMemoryStoreProvider.class).get();
      created = provider.created();
      // when the application uses the injected engine
      RecoveryResult recovery = service.checkpointRollBackAndRecover();
      // then the configuration came from the class path, the store and strategy from CDI beans
      assertEquals(7, service.engine().config().checkpoint().maxCheckpoints());
      assertEquals(1, provider.created().size());
      assertEquals(Outcome.SUCCESS, recovery.outcome());
      assertEquals("DECOMPOSE", recovery.strategy());
      // and every engine event reached the application observer as a CDI event
      assertEquals(List.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED, CheckpointType.PRE_ROLLBACK,
          CheckpointType.RECOVERY_POINT), observer.checkpoints().stream().map(e -> e.checkpoint().type()).toList());
      assertEquals(1, observer.rollbacks().size());
      assertEquals(1, observer.attempts().size());
      assertEquals(1, observer.recoveries().size());
    }
    // when the container shut down, the engine closed its store
    CheckpointStore store = created.get(0);
    assertThrows(ClosedException.class, store::sessions);
  }

  @Test
  void beanDiscoveryFindsTheProducerThroughBeansXml() {
    // given a container with discovery on (rollback-core's beans.xml) and only an observer added
    try (WeldContainer container = new Weld().addBeanClasses(RecordingObserver.class).initialize()) {
      // when
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      engine.initialize("discovered", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of());
      // then the producer was discovered and its events reach the observer
      assertEquals(1, container.select(RecordingObserver.class).get().checkpoints().size());
    }
  }

  @Test
  void anApplicationArchiveWithoutBeansXmlHasItsObserversIgnored() {
    // given discovery on and the application's classes (this module's tests) in an archive without beans.xml
    try (WeldContainer container = new Weld().initialize()) {
      // when
      boolean engineFound = container.select(SessionRollbackEngine.class).isResolvable();
      boolean observerFound = container.select(RecordingObserver.class).isResolvable();
      // then rollback-cdi's producer is found through its own beans.xml, the application's observer is not
      assertTrue(engineFound, "the producer");
      assertFalse(observerFound, "an observer in an archive without beans.xml");
    }
  }

  @Test
  void aRollbackConfigBeanOfTheApplicationWinsOverTheFile() {
    // given an application that produces its own configuration
    try (WeldContainer container = new Weld().disableDiscovery()
        .addBeanClasses(SessionRollbackProducer.class, ConfigInCode.class).initialize()) {
      // when
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      // then
      assertEquals(ConfigInCode.CONFIG, engine.config());
    }
  }

  @Test
  void aMisspeltStrategyStopsTheEngineFromBeingProducedWithEveryProblemNamed() {
    // given an application configuration whose strategy name is misspelt
    try (WeldContainer container = new Weld().disableDiscovery()
        .addBeanClasses(SessionRollbackProducer.class, MisspeltConfig.class).initialize()) {
      // when
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> container.select(SessionRollbackEngine.class).get().config());
      // then the producer ran the engine's start-up checks, not the first recover()
      Throwable cause = e;
      while (cause != null && !(cause instanceof dev.magnus.rollback.ConfigInvalidException)) {
        cause = cause.getCause();
      }
      assertTrue(cause instanceof dev.magnus.rollback.ConfigInvalidException, () -> "not a config problem: " + e);
      assertTrue(cause.getMessage().contains("recovery.strategy (set in code): no recovery strategy named 'DECOMPOZE'"),
          cause::getMessage);
    }
  }

  /** Produces a configuration with a misspelt strategy name. */
  @ApplicationScoped
  static class MisspeltConfig {
    @jakarta.enterprise.inject.Produces
    RollbackConfig config() {
      return RollbackConfig.custom().storage(dev.magnus.rollback.StorageConfig.custom().type("memory").build())
          .recovery(dev.magnus.rollback.RecoveryConfig.custom().strategy("DECOMPOZE").build()).build();
    }
  }

  /** Produces the configuration in code. */
  @ApplicationScoped
  static class ConfigInCode {
    static final RollbackConfig CONFIG = RollbackConfig.custom()
        .storage(dev.magnus.rollback.StorageConfig.custom().type("memory").build())
        .audit(dev.magnus.rollback.AuditConfig.keeping(42)).build();

    @jakarta.enterprise.inject.Produces
    RollbackConfig config() {
      return CONFIG;
    }
  }

  /** An application bean that uses the engine by injection. */
  @ApplicationScoped
  static class CheckpointingService {
    @Inject
    SessionRollbackEngine engine;

    SessionRollbackEngine engine() {
      return engine;
    }

    RecoveryResult checkpointRollBackAndRecover() {
      Session session = engine.initialize("cdi-1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("step", 1L));
      Checkpoint good = session.createCheckpoint(CheckpointType.USER_REQUESTED, "good");
      session.update(s -> s.with("step", 2L));
      session.rollbackToCheckpoint(good.id());
      return session.recover(Failure.of(FailureType.TIMEOUT, "model timed out"));
    }
  }

  /** An application bean observing the engine's events; read through accessors (it is a client proxy). */
  @ApplicationScoped
  static class RecordingObserver {
    final List<CheckpointCreatedEvent> checkpoints = new CopyOnWriteArrayList<>();
    final List<RollbackCompletedEvent> rollbacks = new CopyOnWriteArrayList<>();
    final List<RecoveryAttemptedEvent> attempts = new CopyOnWriteArrayList<>();
    final List<RecoveryCompletedEvent> recoveries = new CopyOnWriteArrayList<>();

    List<CheckpointCreatedEvent> checkpoints() {
      return checkpoints;
    }

    List<RollbackCompletedEvent> rollbacks() {
      return rollbacks;
    }

    List<RecoveryAttemptedEvent> attempts() {
      return attempts;
    }

    List<RecoveryCompletedEvent> recoveries() {
      return recoveries;
    }

    void onCheckpoint(@Observes CheckpointCreatedEvent event) {
      checkpoints.add(event);
    }

    void onRollback(@Observes RollbackCompletedEvent event) {
      rollbacks.add(event);
    }

    void onAttempt(@Observes RecoveryAttemptedEvent event) {
      attempts.add(event);
    }

    void onRecovery(@Observes RecoveryCompletedEvent event) {
      recoveries.add(event);
    }
  }

  /** A CDI bean named like the ServiceLoader memory store, so it must win. */
  @ApplicationScoped
  static class CdiMemoryStoreProvider implements CheckpointStoreProvider {
    final List<CheckpointStore> created = new CopyOnWriteArrayList<>();

    List<CheckpointStore> created() {
      return created;
    }

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public CheckpointStore create(StorageConfig storage) {
      CheckpointStore store = InMemoryStores.create(storage.maxMemoryBytes());
      created.add(store);
      return store;
    }
  }

  /** A CDI strategy bean for the default strategy name; it reports one attempt and changes nothing. */
  @ApplicationScoped
  static class CdiDecomposeProvider implements RecoveryStrategyProvider {
    @Override
    public String name() {
      return "DECOMPOSE";
    }

    @Override
    public RecoveryStrategy create(RecoveryConfig recovery) {
      return new RecoveryStrategy() {
        @Override
        public String name() {
          return "DECOMPOSE";
        }

        @Override
        public RecoveryResult recover(RecoveryContext context) {
          context.attempted(1, Optional.empty(), Duration.ZERO, Optional.empty());
          return RecoveryResult.succeeded(context.sessionId(), name(), context.failure().type()).attempts(1)
              .message("nothing to do").build();
        }
      };
    }
  }
}
