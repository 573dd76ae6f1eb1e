package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Check the shipped architecture rules against deliberately good and bad fixture classes, and this project. */
class ArchitectureRulesTest {
  private static JavaClasses load(String... packages) {
    return new ClassFileImporter().importPackages(packages);
  }

  private static void assertViolated(EvaluationResult result) {
    assertTrue(result.hasViolation(), "expected a violation, the rule passed");
  }

  private static void assertKept(EvaluationResult result) {
    assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
  }

  @Test
  void aPluginUsingOnlyTheApiAndSpiKeepsThePluginRule() {
    assertKept(ArchitectureRules.PLUGIN_USES_ONLY_API_AND_SPI.evaluate(load("com.example.goodplugin")));
  }

  @Test
  void aPluginReachingIntoCoreBreaksThePluginRule() {
    assertViolated(ArchitectureRules.PLUGIN_USES_ONLY_API_AND_SPI.evaluate(load("com.example.leakyplugin")));
  }

  @Test
  void aPluginReachingIntoCoreBreaksTheNoCoreRule() {
    assertViolated(ArchitectureRules.NO_CORE_DEPENDENCY.evaluate(load("com.example.leakyplugin")));
  }

  @Test
  void anInNamespacePluginMayUseItsOwnPackagesButNotCore() {
    // given: the TCK's own main classes play the in-namespace plugin, the core fixture the forbidden module
    JavaClasses tck = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.magnus.rollback.tck");
    // when / then
    assertKept(ArchitectureRules.pluginUsesOnlyApiAndSpi("dev.magnus.rollback.tck").evaluate(tck));
    assertViolated(ArchitectureRules.pluginUsesOnlyApiAndSpi("com.example.leakyplugin")
        .evaluate(load("com.example.leakyplugin")));
  }

  @Test
  void aModuleMayUseItsOwnInternalPackage() {
    assertKept(ArchitectureRules.INTERNALS_STAY_IN_THEIR_MODULE.evaluate(load("com.example.owner")));
  }

  @Test
  void anotherModuleUsingAnInternalPackageBreaksTheInternalsRule() {
    assertViolated(ArchitectureRules.INTERNALS_STAY_IN_THEIR_MODULE.evaluate(
        load("com.example.intruder", "com.example.owner")));
  }

  @Test
  void packagesThatDependOnEachOtherBreakTheCycleRule() {
    assertViolated(ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(load("com.example.cyclic")));
  }

  @Test
  void theTckItselfHasNoPackageCycles() {
    assertKept(ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.magnus.rollback.tck")));
  }

  @Test
  void anApiPackageUsingAThirdPartyLibraryBreaksTheApiRule() {
    assertViolated(ArchitectureRules.apiDependsOnlyOnJdk("com.example.fakeapi").evaluate(load("com.example.fakeapi")));
  }

  @Test
  void rollbackApiDependsOnlyOnTheJdkAndHasNoCycles() {
    // given
    JavaClasses api = new ClassFileImporter().importPackagesOf(dev.magnus.rollback.Checkpoint.class,
        dev.magnus.rollback.spi.CheckpointStore.class);
    // when / then
    assertKept(ArchitectureRules.API_DEPENDS_ONLY_ON_JDK.evaluate(api));
    assertKept(ArchitectureRules.NO_PACKAGE_CYCLES.evaluate(api));
  }
}
