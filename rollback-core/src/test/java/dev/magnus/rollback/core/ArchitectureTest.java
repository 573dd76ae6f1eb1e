package dev.magnus.rollback.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * rollback-core is CDI-free: no class uses a {@code jakarta.*} type and the jar is no bean archive.
 * The CDI integration lives in rollback-cdi, which plugs into {@link SessionRollback.Builder}.
 */
class ArchitectureTest {
  // Every class of rollback-core's own jar (or classes directory), whatever its package.
  private static final URL CORE_LOCATION = SessionRollback.class.getProtectionDomain().getCodeSource().getLocation();
  private static final JavaClasses CORE = new ClassFileImporter().importUrl(CORE_LOCATION);

  @Test
  void theImportSeesCore() {
    assertTrue(CORE.contain(SessionRollback.class) && CORE.contain(RollbackConfigLoader.class));
  }

  @Test
  void coreDependsOnNoJakartaType() {
    noClasses().should().dependOnClassesThat().resideInAPackage("jakarta..")
        .because("CDI lives in rollback-cdi; rollback-core has no CDI code or dependency")
        .check(CORE);
  }

  @Test
  void coreHasNoCdiPackage() {
    assertFalse(CORE.containPackage("dev.magnus.rollback.core.cdi"), "dev.magnus.rollback.core.cdi moved to rollback-cdi");
  }

  @Test
  void coreIsNoBeanArchive() throws IOException {
    // given where rollback-core's own classes are loaded from
    String core = CORE_LOCATION.toString();
    // when
    List<URL> beansXml = Collections.list(SessionRollback.class.getClassLoader().getResources("META-INF/beans.xml"));
    // then none of the beans.xml files on the class path is core's
    assertTrue(beansXml.stream().noneMatch(url -> url.toString().startsWith(core)), beansXml::toString);
  }
}
