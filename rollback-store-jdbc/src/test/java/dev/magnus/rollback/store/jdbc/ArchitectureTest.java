package dev.magnus.rollback.store.jdbc;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.magnus.rollback.tck.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The store depends on the API and SPI only: never on rollback-core, never on internals. */
class ArchitectureTest {
  private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.magnus.rollback.store.jdbc");

  @Test
  void theStoreUsesOnlyTheApiAndSpi() {
    ArchitectureRules.pluginUsesOnlyApiAndSpi("dev.magnus.rollback.store.jdbc").check(classes);
  }

  @Test
  void theStoreNeverDependsOnCore() {
    ArchitectureRules.NO_CORE_DEPENDENCY.check(classes);
  }

  @Test
  void thereAreNoPackageCycles() {
    ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
  }
}
