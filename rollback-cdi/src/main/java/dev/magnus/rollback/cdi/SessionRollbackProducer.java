package dev.magnus.rollback.cdi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magnus.rollback.cdi.RollbackEvents.CheckpointCreatedEvent;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.EnginePlugin;
import dev.magnus.rollback.spi.KeyProvider;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import dev.magnus.rollback.spi.StateUpcaster;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Produce the application's {@link SessionRollbackEngine} in a CDI container.
 *
 * <pre>{@code
 * @Inject SessionRollbackEngine engine;          // one engine per container, closed on shutdown
 * void on(@Observes CheckpointCreatedEvent e) {}  // engine events as CDI events
 * }</pre>
 *
 * <p>The configuration is a {@link RollbackConfig} bean if the application produces one, in any
 * scope: a normal-scoped one ({@code @ApplicationScoped}) is read from its context, not through a
 * client proxy, which a record (a final class) cannot have. Otherwise it is the file named by the
 * system property {@code rollback.config}, else {@code session-rollback-config.yaml} at the root of
 * the class path, else the defaults, with {@code rollback.*} system properties applied (see
 * {@link RollbackConfigLoader#locate}). Beans that implement {@link CheckpointStoreProvider} or
 * {@link RecoveryStrategyProvider} override ServiceLoader providers of the same name; beans that implement
 * {@link EnginePlugin} or {@link KeyProvider} go to the builder (rollback-metrics-micrometer adds one that binds the engine's meters
 * to the application's {@code MeterRegistry} bean). Found by bean
 * discovery (rollback-cdi's {@code beans.xml} is {@code annotated}) or added by hand, for example
 * {@code new Weld().addBeanClasses(SessionRollbackProducer.class)}. Thread-safety: the container
 * calls it; it holds no state.
 */
@Dependent
public class SessionRollbackProducer {
  /** Create the producer; called by the container. */
  public SessionRollbackProducer() {}

  /**
   * Build the engine.
   *
   * @param configs an application-provided configuration, if any
   * @param stores store providers that are beans
   * @param strategies strategy providers that are beans
   * @param upcasters state upcasters that are beans (with those ServiceLoader finds)
   * @param mappers the application's ObjectMapper for typed state, if it produces one
   * @param plugins engine plugins that are beans (rollback-metrics-micrometer adds one when it is on the class path)
   * @param keyProviders encryption key providers that are beans, asked before those ServiceLoader finds
   * @param events the event sink for engine events
   * @param beans the container's bean manager, to read a normal-scoped configuration without a proxy
   * @return the engine
   * @throws dev.magnus.rollback.ConfigInvalidException if the configuration file is invalid
   * @throws dev.magnus.rollback.ProviderNotFoundException if a store or strategy name is not found
   */
  @Produces
  @ApplicationScoped
  public SessionRollbackEngine engine(Instance<RollbackConfig> configs, @Any Instance<CheckpointStoreProvider> stores,
      @Any Instance<RecoveryStrategyProvider> strategies, @Any Instance<StateUpcaster> upcasters,
      Instance<ObjectMapper> mappers, @Any Instance<EnginePlugin> plugins, @Any Instance<KeyProvider> keyProviders,
      Event<Object> events, BeanManager beans) {
    ClassLoader loader = classLoader();
    SessionRollback.Builder builder = SessionRollback.builder().classLoader(loader)
        .observer(new CdiEventBridge(events));
    if (configs.isResolvable()) {
      builder.config(applicationConfig(configs.getHandle(), beans));
    } else {
      builder.config(RollbackConfigLoader.find(loader, System.getProperties()));
    }
    stores.forEach(builder::storeProvider);
    strategies.forEach(builder::strategyProvider);
    upcasters.forEach(builder::upcaster);
    plugins.forEach(builder::plugin);
    keyProviders.forEach(builder::keyProvider);
    if (mappers.isResolvable()) {
      builder.objectMapper(mappers.get());
    }
    return builder.build();
  }

  /**
   * Close the engine when the container shuts down: pending asynchronous checkpoints drain, then
   * the store closes.
   *
   * @param engine the produced engine
   */
  public void close(@Disposes SessionRollbackEngine engine) {
    engine.close();
  }

  // A normal scope would hand out a client proxy, which a record cannot have (WELD-001437): take
  // the contextual instance from the scope's context instead. Pseudo-scopes have no proxy.
  private static RollbackConfig applicationConfig(Instance.Handle<RollbackConfig> handle, BeanManager beans) {
    Bean<RollbackConfig> bean = handle.getBean();
    if (!beans.isNormalScope(bean.getScope())) {
      return handle.get();
    }
    return beans.getContext(bean.getScope()).get(bean, beans.createCreationalContext(bean));
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : SessionRollbackProducer.class.getClassLoader();
  }
}
