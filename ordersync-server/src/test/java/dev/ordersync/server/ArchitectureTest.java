package dev.ordersync.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server's own layering: HTTP handlers speak to use cases and ports, never to the PostgreSQL
 * adapters.
 */
class ArchitectureTest {
  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync.server");

  @Test
  void http_should_not_reach_into_postgres() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.server.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ordersync.server.postgres..", "java.sql..", "javax.sql..")
        .check(SERVER);
  }

  @Test
  void adapters_should_not_depend_on_the_wiring() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.ordersync.server.(*)..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.server")
        .check(SERVER);
  }

  @Test
  void server_packages_should_be_free_of_cycles() {
    slices().matching("dev.ordersync.server.(*)..").should().beFreeOfCycles().check(SERVER);
  }

  @Test
  void only_the_wiring_reads_the_environment() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.ordersync.server")
        .should()
        .callMethod(System.class, "getenv")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .check(SERVER);
  }
}
