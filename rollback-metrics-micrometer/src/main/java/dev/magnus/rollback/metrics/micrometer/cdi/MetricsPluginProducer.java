package dev.magnus.rollback.metrics.micrometer.cdi;

import dev.magnus.rollback.metrics.micrometer.RollbackMetrics;
import dev.magnus.rollback.spi.EnginePlugin;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.lang.System.Logger.Level;

/**
 * Produce the {@link EnginePlugin} that binds {@link RollbackMetrics} to the produced engine: on the
 * {@code MeterRegistry} bean when exactly one is resolvable, else a plugin that changes nothing (logged, so
 * an application that expected meters sees why there are none). {@code @Dependent}: each engine gets its
 * own instance, as {@link RollbackMetrics} binds one engine. Stateless.
 */
@Dependent
class MetricsPluginProducer {
  private static final System.Logger LOG = System.getLogger(MetricsPluginProducer.class.getName());

  MetricsPluginProducer() {}

  @Produces
  @Dependent
  EnginePlugin rollbackMetrics(Instance<MeterRegistry> registries) {
    if (registries.isResolvable()) {
      return RollbackMetrics.of(registries.get());
    }
    LOG.log(Level.INFO, "rollback-metrics-micrometer: no single MeterRegistry bean (" + (registries.isAmbiguous()
        ? "several are resolvable" : "none is") + "); the engine publishes no meters. Produce one MeterRegistry bean, "
        + "or call RollbackMetrics.bindTo(engine, registry)");
    return new EnginePlugin() {};
  }
}
