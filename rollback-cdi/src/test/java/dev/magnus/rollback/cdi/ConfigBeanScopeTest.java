package dev.magnus.rollback.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The application's {@link RollbackConfig} bean in each kind of scope, in a real Weld SE container.
 * A record is final, so a normal scope cannot give it a client proxy; the producer must still use it.
 */
class ConfigBeanScopeTest {
  static RollbackConfig memoryConfig(int auditEntries) {
    return RollbackConfig.custom().storage(StorageConfig.custom().type("memory").build())
        .audit(AuditConfig.keeping(auditEntries)).build();
  }

  private static WeldContainer boot(Class<?>... beans) {
    return new Weld().disableDiscovery().addBeanClass(SessionRollbackProducer.class).addBeanClasses(beans)
        .initialize();
  }

  @Test
  void anApplicationScopedConfigProducerIsReadWithoutAClientProxy() {
    // given an application whose RollbackConfig producer is @ApplicationScoped
    try (WeldContainer container = boot(ApplicationScopedConfig.class)) {
      // when the engine is first used (its client proxy creates it then)
      RollbackConfig used = container.select(SessionRollbackEngine.class).get().config();
      // then the engine runs with that very instance, produced once
      List<RollbackConfig> produced = container.select(ApplicationScopedConfig.class).get().produced();
      assertEquals(1, produced.size());
      assertSame(produced.get(0), used);
    }
  }

  @Test
  void aSingletonConfigProducerIsUsed() {
    // given a producer in the pseudo-scope @Singleton (one instance, no proxy)
    try (WeldContainer container = boot(SingletonConfig.class)) {
      // when
      SessionRollbackEngine engine = container.select(SessionRollbackEngine.class).get();
      // then
      assertEquals(SingletonConfig.CONFIG, engine.config());
    }
  }

  @Test
  void anApplicationBeanCannotInjectAnApplicationScopedConfigItself() {
    // given an application bean that injects the @ApplicationScoped record directly
    Weld weld = new Weld().disableDiscovery().addBeanClasses(SessionRollbackProducer.class,
        ApplicationScopedConfig.class, ReadsConfig.class);
    // when the container starts, then it refuses: a final class has no client proxy (what README says)
    DeploymentException refused = assertThrows(DeploymentException.class, weld::initialize);
    assertTrue(refused.getMessage().contains("non-proxyable"), refused::getMessage);
  }

  /** Produces the configuration in the application scope and keeps each instance it made. */
  @ApplicationScoped
  static class ApplicationScopedConfig {
    private final List<RollbackConfig> produced = new CopyOnWriteArrayList<>();

    List<RollbackConfig> produced() {
      return List.copyOf(produced);
    }

    @Produces
    @ApplicationScoped
    RollbackConfig config() {
      RollbackConfig config = memoryConfig(11);
      produced.add(config);
      return config;
    }
  }

  /** Produces the configuration as a @Singleton. */
  @ApplicationScoped
  static class SingletonConfig {
    static final RollbackConfig CONFIG = memoryConfig(12);

    @Produces
    @Singleton
    RollbackConfig config() {
      return CONFIG;
    }
  }

  /** An application bean that injects the configuration. */
  @ApplicationScoped
  static class ReadsConfig {
    @Inject
    RollbackConfig config;
  }
}
