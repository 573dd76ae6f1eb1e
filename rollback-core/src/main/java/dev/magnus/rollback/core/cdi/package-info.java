/**
 * Run the engine inside a Jakarta CDI container (Weld SE and others): {@link
 * dev.magnus.rollback.core.cdi.SessionRollbackProducer} produces an {@code @ApplicationScoped}
 * {@link dev.magnus.rollback.SessionRollbackEngine} from the configuration file, lets CDI beans that
 * implement the store or strategy SPI override ServiceLoader providers of the same name, closes the
 * engine when the container shuts down, and fires engine events as CDI events (the records of this
 * package) that application beans {@code @Observes}. Only this package uses the CDI API, an optional
 * dependency of rollback-core: without a container nothing here is ever loaded.
 */
@NullMarked
package dev.magnus.rollback.core.cdi;

import org.jspecify.annotations.NullMarked;
