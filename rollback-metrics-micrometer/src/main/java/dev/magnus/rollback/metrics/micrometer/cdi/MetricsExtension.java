package dev.magnus.rollback.metrics.micrometer.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * Add {@link MetricsPluginProducer} to the deployment, so that the engine rollback-cdi produces publishes
 * its meters on the application's {@code MeterRegistry} bean. Found by the container through
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}; the module's jar need not be a bean
 * archive. Called once by the container, at boot.
 */
public class MetricsExtension implements Extension {
  /** Create the extension; called by the container. */
  public MetricsExtension() {}

  /**
   * Add the producer's type to the beans the container discovers.
   *
   * @param event the container's event
   * @param beans the bean manager
   */
  void addProducer(@Observes BeforeBeanDiscovery event, BeanManager beans) {
    event.addAnnotatedType(beans.createAnnotatedType(MetricsPluginProducer.class), MetricsPluginProducer.class.getName());
  }
}
