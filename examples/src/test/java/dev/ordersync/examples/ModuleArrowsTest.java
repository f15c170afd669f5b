package dev.ordersync.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of ARCHITECTURE.md, checked over every module's classes at once (this module
 * sees them all): server -> core, crypto, audit; examples -> anything; sdk, crypto, audit, core ->
 * nothing of ours.
 */
class ModuleArrowsTest {
  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync");

  @Test
  void core_depends_on_the_jdk_only() {
    classes()
        .that()
        .resideInAPackage("dev.ordersync.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.crypto..", "dev.ordersync.core..")
        .check(ALL);
  }

  @Test
  void the_sdk_uses_nothing_of_ours_and_no_server_framework() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.sdk..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ordersync.core..",
            "dev.ordersync.server..",
            "dev.ordersync.crypto..",
            "dev.ordersync.audit..",
            "dev.ordersync.examples..",
            "io.helidon..")
        .check(ALL);
  }

  @Test
  void crypto_and_audit_use_nothing_of_ours() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.ordersync.crypto..", "dev.ordersync.audit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ordersync.core..", "dev.ordersync.server..", "dev.ordersync.sdk..")
        .allowEmptyShould(true)
        .check(ALL);
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.crypto..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.audit..")
        .allowEmptyShould(true)
        .check(ALL);
  }

  @Test
  void the_server_does_not_use_the_sdk_or_the_examples() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ordersync.sdk..", "dev.ordersync.examples..")
        .check(ALL);
  }

  @Test
  void nothing_outside_the_server_and_examples_imports_helidon() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.ordersync.server..", "dev.ordersync.examples..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.helidon..")
        .check(ALL);
  }
}
