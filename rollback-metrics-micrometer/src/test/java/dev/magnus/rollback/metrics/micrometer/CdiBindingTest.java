package dev.magnus.rollback.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.store.memory.InMemoryStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** In a Weld SE container, the engine rollback-cdi produces publishes its meters on the MeterRegistry bean. */
class CdiBindingTest {
  /** The application's registry, as a bean. */
  @ApplicationScoped
  static class Registries {
    static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    @Produces
    @ApplicationScoped
    MeterRegistry registry() {
      return REGISTRY;
    }
  }

  /** A memory store, so the test leaves no files. */
  @ApplicationScoped
  public static class MemoryStores implements CheckpointStoreProvider {
    @Override
    public String name() {
      return "file";
    }

    @Override
    public CheckpointStore create(StorageConfig config) {
      return InMemoryStores.create();
    }
  }

  /**
   * A container as an application starts it: with discovery, so that rollback-cdi's bean archive and this
   * jar's extension (a service) are found from the class path; the test's beans are added by hand.
   */
  private static Weld weld(Class<?>... beans) {
    return new Weld().addBeanClasses(MemoryStores.class).addBeanClasses(beans);
  }

  @Test
  void theProducedEngineIsMeteredOnTheContainersRegistry() {
    // given a container with a MeterRegistry bean and this jar's extension on the class path
    try (WeldContainer container = weld(Registries.class).initialize()) {
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      engine.openSessionCount(); // the engine is created on its first call, through its client proxy
      double before = Registries.REGISTRY.find(MeterNames.CHECKPOINTS_CREATED).tags("type", "user_requested",
          "outcome", "success", "encoding", "full").counter().count();
      // when
      engine.initialize("cdi-1", EngineMetersTest.metadata()).createCheckpoint(CheckpointType.USER_REQUESTED, "x");
      // then
      assertEquals(before + 1, Registries.REGISTRY.get(MeterNames.CHECKPOINTS_CREATED).tags("type", "user_requested",
          "outcome", "success", "encoding", "full").counter().count());
      assertTrue(Registries.REGISTRY.get(MeterNames.STORE_APPEND).timers().stream().anyMatch(t -> t.count() > 0),
          "the store is timed too: the plugin wrapped it");
    }
  }

  @Test
  void withoutARegistryBeanTheEngineStartsUnmetered() {
    // given a container without a MeterRegistry bean
    try (WeldContainer container = weld().initialize()) {
      // when
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      // then
      engine.initialize("cdi-2", EngineMetersTest.metadata()).createCheckpoint(CheckpointType.USER_REQUESTED, "x");
      assertEquals(1, engine.openSessionCount());
    }
  }
}
