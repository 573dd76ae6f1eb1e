/**
 * Run the engine inside a Jakarta CDI container (Weld SE and others); the one artifact a CDI
 * application adds, rollback-core itself having no CDI code or dependency. {@link
 * dev.magnus.rollback.cdi.SessionRollbackProducer} produces an {@code @ApplicationScoped}
 * {@link dev.magnus.rollback.SessionRollbackEngine} from the application's {@link
 * dev.magnus.rollback.RollbackConfig} bean or the configuration file, passes CDI beans that
 * implement the store or strategy SPI to the engine builder (where they override ServiceLoader
 * providers of the same name), closes the engine when the container shuts down, and fires engine
 * events as CDI events (the records of this package) that application beans {@code @Observes}.
 *
 * <p>What an application must know. This jar's {@code beans.xml} makes only this jar a bean
 * archive: the application's own observers and SPI beans are found only if its archive has a
 * {@code META-INF/beans.xml} too ({@code bean-discovery-mode="annotated"} or {@code "all"}), or if
 * it adds them to the container by hand. A {@code RollbackConfig} producer may be
 * {@code @ApplicationScoped}: the producer reads such a bean from its context, because a record is a
 * final class and cannot have a client proxy; but any other bean that {@code @Inject}s an
 * {@code @ApplicationScoped RollbackConfig} fails deployment (WELD-001410), so an application that
 * injects the configuration elsewhere produces it {@code @Dependent} or {@code @Singleton}.
 *
 * <p>PR #1's CDI observers stay in rollback-integration-pr1 ({@code integration.pr1.cdi}): they
 * need only the API and the CDI API, not this module or rollback-core, they observe PR #1's own
 * event types, and they are useful only to an application that already has that module; moving
 * them here would make every CDI user carry PR #1 types and this module depend on the PR #1
 * integration.
 */
@NullMarked
package dev.magnus.rollback.cdi;

import org.jspecify.annotations.NullMarked;
