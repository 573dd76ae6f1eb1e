package dev.magnus.rollback.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md section 1, checked on every class of the project. This module
 * depends on all the others, so it sees them all.
 */
class ArchitectureTest {
  /** JSpecify's annotations (@NullMarked, @Nullable): annotations only, allowed everywhere. */
  private static final String NULLNESS = "org.jspecify.annotations";

  private static final JavaClasses PROJECT = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.magnus.rollback");
  private static final ArchRule NO_JAKARTA = noClasses().should().dependOnClassesThat().resideInAPackage("jakarta..")
      .because("CDI lives in rollback-cdi; rollback-core has no CDI code or dependency");

  @Test
  void noModuleUsesAnotherModulesInternalPackages() {
    dev.magnus.rollback.tck.ArchitectureRules.INTERNALS_STAY_IN_THEIR_MODULE.check(PROJECT);
  }

  @Test
  void theImportSeesEveryModule() {
    for (String type : new String[] {"dev.magnus.rollback.SessionState", "dev.magnus.rollback.spi.CheckpointStore",
        "dev.magnus.rollback.core.SessionRollback", "dev.magnus.rollback.store.memory.InMemoryStores",
        "dev.magnus.rollback.cli.RollbackCommand", "dev.magnus.rollback.core.config.RollbackConfigLoader",
        "dev.magnus.rollback.cdi.SessionRollbackProducer", "dev.magnus.rollback.integration.pr1.RollbackBridge",
        "dev.magnus.rollback.metrics.micrometer.RollbackMetrics"}) {
      org.junit.jupiter.api.Assertions.assertTrue(PROJECT.contain(type), type + " was imported");
    }
  }

  @Test
  void theApiDependsOnTheJdkOnly() {
    classes().that().resideInAnyPackage("dev.magnus.rollback", "dev.magnus.rollback.spi")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.spi", "java..")
        .check(PROJECT);
  }

  @Test
  void storesAndStrategiesDependOnTheApiNeverOnCore() {
    noClasses().that().resideInAnyPackage("dev.magnus.rollback.store..", "dev.magnus.rollback.strategies..",
            "dev.magnus.rollback.integration..", "dev.magnus.rollback.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.magnus.rollback.core..", "dev.magnus.rollback.cli..",
            "dev.magnus.rollback.bench..")
        .check(PROJECT);
  }

  @Test
  void theIntegrationDependsOnTheApiAndTheJdkOnly() {
    classes().that().resideInAPackage("dev.magnus.rollback.integration..")
        .and().resideOutsideOfPackage("dev.magnus.rollback.integration.pr1.cdi")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.spi",
            "dev.magnus.rollback.integration..", "java..")
        .check(PROJECT);
  }

  @Test
  void theIntegrationsCdiPackageAddsOnlyTheCdiApi() {
    classes().that().resideInAPackage("dev.magnus.rollback.integration.pr1.cdi")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.spi",
            "dev.magnus.rollback.integration..", "jakarta.enterprise..", "jakarta.inject..", "java..")
        .check(PROJECT);
    noClasses().that().resideInAPackage("dev.magnus.rollback.integration.pr1")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "dev.magnus.rollback.integration.pr1.cdi")
        .check(PROJECT);
  }

  @Test
  void nothingDependsOnTheCommandLineOrTheBenchmarks() {
    noClasses().that().resideOutsideOfPackages("dev.magnus.rollback.cli..", "dev.magnus.rollback.bench..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.magnus.rollback.cli..", "dev.magnus.rollback.bench..")
        .check(PROJECT);
  }

  @Test
  void nothingOutsideTheBenchmarksDependsOnThem() {
    noClasses().that().resideOutsideOfPackage("dev.magnus.rollback.bench..")
        .should().dependOnClassesThat().resideInAPackage("dev.magnus.rollback.bench..")
        .check(PROJECT);
  }

  @Test
  void theApiDoesNotReachIntoModules() {
    noClasses().that().resideInAnyPackage("dev.magnus.rollback", "dev.magnus.rollback.spi")
        .should().dependOnClassesThat().resideInAnyPackage("dev.magnus.rollback.core..", "dev.magnus.rollback.store..",
            "dev.magnus.rollback.strategies..")
        .check(PROJECT);
  }

  @Test
  void onlyTheCdiPackagesUseTheCdiApiSoUsersWithoutCdiNeverLoadIt() {
    noClasses().that().resideOutsideOfPackages("dev.magnus.rollback.cdi..", "dev.magnus.rollback.integration.pr1.cdi..",
            "dev.magnus.rollback.metrics.micrometer.cdi..")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta..")
        .check(PROJECT);
  }

  @Test
  void theMetricsModuleBuildsOnTheApiAndMicrometerOnlyAndItsCdiPackageAddsOnlyTheCdiApi() {
    classes().that().resideInAPackage("dev.magnus.rollback.metrics.micrometer")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.spi",
            "dev.magnus.rollback.metrics.micrometer", "io.micrometer..", "java..")
        .check(PROJECT);
    classes().that().resideInAPackage("dev.magnus.rollback.metrics.micrometer.cdi")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.spi",
            "dev.magnus.rollback.metrics.micrometer..", "io.micrometer..", "jakarta.enterprise..", "jakarta.inject..",
            "java..")
        .check(PROJECT);
  }

  @Test
  void coreHasNoJakartaDependency() {
    NO_JAKARTA.check(PROJECT.that(resideInAPackage("dev.magnus.rollback.core..")));
  }

  @Test
  void theNoJakartaRuleRejectsCdiCode() {
    // given the CDI module's classes, which use the CDI API
    JavaClasses cdi = PROJECT.that(resideInAPackage("dev.magnus.rollback.cdi.."));
    // when / then the rule that keeps rollback-core CDI-free would reject them
    assertTrue(NO_JAKARTA.evaluate(cdi).hasViolation());
  }

  @Test
  void theCdiModuleBuildsOnTheApiCoreAndTheCdiApiOnly() {
    // and on jackson-databind's ObjectMapper: an application configures typed state with an ObjectMapper bean
    classes().that().resideInAPackage("dev.magnus.rollback.cdi..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.spi",
            "dev.magnus.rollback.core", "dev.magnus.rollback.core.config", "dev.magnus.rollback.cdi..",
            "jakarta.enterprise..", "jakarta.inject..", "com.fasterxml.jackson.databind", "java..")
        .check(PROJECT);
  }

  @Test
  void theConfigLoaderDependsOnTheApiAndSnakeYamlOnly() {
    classes().that().resideInAPackage("dev.magnus.rollback.core.config..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(NULLNESS, "dev.magnus.rollback", "dev.magnus.rollback.core.config..",
            "org.yaml.snakeyaml..", "java..")
        .check(PROJECT);
  }

  @Test
  void coreNeverDependsOnTheCdiModule() {
    noClasses().that().resideInAPackage("dev.magnus.rollback.core..")
        .should().dependOnClassesThat().resideInAPackage("dev.magnus.rollback.cdi..")
        .check(PROJECT);
  }

  @Test
  void modulePackagesHaveNoCycles() {
    slices().matching("dev.magnus.rollback.(*)..").should().beFreeOfCycles().check(PROJECT);
  }
}
