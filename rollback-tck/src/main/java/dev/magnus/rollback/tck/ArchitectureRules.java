package dev.magnus.rollback.tck;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Objects;

/**
 * Give plugin authors the architecture rules this project keeps (plugins build against rollback-api
 * alone, rollback-api needs only the JDK, no package cycles), as ArchUnit rules to check against their
 * own classes:
 *
 * <pre>{@code
 * JavaClasses classes = new ClassFileImporter().importPackages("com.example.store");
 * ArchitectureRules.PLUGIN_USES_ONLY_API_AND_SPI.check(classes);
 * ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
 * }</pre>
 *
 * <p>Rules are immutable and thread-safe.
 */
public final class ArchitectureRules {
  /** The API package. */
  public static final String API = "dev.magnus.rollback";
  /** The extension-point package. */
  public static final String SPI = "dev.magnus.rollback.spi";
  private static final String FRAMEWORK = "dev.magnus.rollback..";

  /**
   * A plugin outside this project's packages uses only the API and SPI packages of the framework:
   * never rollback-core, never another module's internals.
   */
  public static final ArchRule PLUGIN_USES_ONLY_API_AND_SPI = noClasses()
      .that().resideOutsideOfPackage(FRAMEWORK)
      .should().dependOnClassesThat(resideInAPackage(FRAMEWORK).and(not(resideInAnyPackage(API, SPI))))
      .because("a plugin must build against rollback-api alone");

  /** Nothing depends on the core engine's packages (for code outside rollback-core itself). */
  public static final ArchRule NO_CORE_DEPENDENCY = noClasses()
      .that().resideOutsideOfPackage("dev.magnus.rollback.core..")
      .should().dependOnClassesThat().resideInAPackage("dev.magnus.rollback.core..")
      .because("stores, strategies and tools depend on rollback-api, never on rollback-core");

  /** No two packages depend on each other, directly or through others. */
  public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("(**)").should().beFreeOfCycles()
      .because("package cycles make modules impossible to split");

  /** The API and SPI packages depend on the JDK and on each other only. */
  public static final ArchRule API_DEPENDS_ONLY_ON_JDK = apiDependsOnlyOnJdk(API, SPI);

  private ArchitectureRules() {}

  /**
   * Require that a plugin living inside this project's namespace (for example
   * {@code dev.magnus.rollback.store.file}) uses only its own packages, the API and the SPI.
   *
   * @param pluginPackage the plugin's root package
   * @return the rule
   */
  public static ArchRule pluginUsesOnlyApiAndSpi(String pluginPackage) {
    Objects.requireNonNull(pluginPackage, "pluginPackage");
    return noClasses().that().resideInAPackage(pluginPackage + "..")
        .should().dependOnClassesThat(resideInAPackage(FRAMEWORK)
            .and(not(resideInAnyPackage(API, SPI, pluginPackage + ".."))))
        .because("a plugin must build against rollback-api alone");
  }

  /**
   * Require that classes in the given packages depend only on {@code java..}, on those packages and on
   * JSpecify's nullness annotations (annotations only, not needed at run time).
   *
   * @param packages the API packages (exact names, no sub-packages)
   * @return the rule
   */
  public static ArchRule apiDependsOnlyOnJdk(String... packages) {
    String[] allowed = new String[packages.length + 2];
    allowed[0] = "java..";
    allowed[1] = "org.jspecify.annotations";
    System.arraycopy(packages, 0, allowed, 2, packages.length);
    return classes().that().resideInAnyPackage(packages)
        .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
        .because("rollback-api has no dependency outside the JDK");
  }

  /**
   * Keep every {@code …internal} package to its own module: a class may use {@code a.b.internal..}
   * only if it lives under {@code a.b} itself. What is public there is public for technical reasons
   * (ServiceLoader providers, helpers one package of a module shares with another), not API; third
   * parties and this project's other modules must not use it.
   */
  public static final ArchRule INTERNALS_STAY_IN_THEIR_MODULE = classes()
      .should(new ArchCondition<JavaClass>("use another module's …internal packages only from that module") {
        @Override
        public void check(JavaClass item, ConditionEvents events) {
          for (Dependency d : item.getDirectDependenciesFromSelf()) {
            String target = d.getTargetClass().getPackageName();
            int at = target.indexOf(".internal");
            boolean internal = at > 0 && (target.length() == at + 9 || target.charAt(at + 9) == '.');
            if (internal && !item.getPackageName().startsWith(target.substring(0, at))) {
              events.add(SimpleConditionEvent.violated(item, d.getDescription()
                  + ": " + target + " is internal to " + target.substring(0, at)));
            }
          }
        }
      })
      .because("an internal package is public only for technical reasons, never API");
}
