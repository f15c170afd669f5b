package dev.ordersync.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core is plain Java: it may use the JDK and itself, and nothing else; its feature packages
 * have no cycles.
 */
class ArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync.core");

  @Test
  void core_should_depend_only_on_the_jdk_and_itself() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.crypto..", "dev.ordersync.core..")
        .because(
            "ordersync-core is framework-free (the JDK, including its javax.crypto, only): no Helidon, no JDBC, no Redis, no JSON library")
        .check(CORE);
  }

  @Test
  void core_should_not_use_jdbc_even_from_the_jdk() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..")
        .check(CORE);
  }

  @Test
  void feature_packages_should_be_free_of_cycles() {
    slices().matching("dev.ordersync.core.(*)..").should().beFreeOfCycles().check(CORE);
  }
}
