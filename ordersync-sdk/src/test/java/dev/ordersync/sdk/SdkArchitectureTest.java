package dev.ordersync.sdk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The SDK is what an integrator puts on their classpath: the JDK, Jackson and itself, nothing of
 * the server.
 */
class SdkArchitectureTest {
  private static final JavaClasses SDK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync.sdk");

  @Test
  void sdk_should_not_depend_on_core_server_or_helidon() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.ordersync.core..", "dev.ordersync.server..", "io.helidon..")
        .because("integrators get the SDK without the server; it speaks only the HTTP contract")
        .check(SDK);
  }

  @Test
  void sdk_should_depend_only_on_the_jdk_jackson_and_itself() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "javax.crypto..", "com.fasterxml.jackson..", "dev.ordersync.sdk..")
        .check(SDK);
  }

  @Test
  void internals_should_not_reach_back_into_the_public_api() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.sdk.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.sdk")
        .check(SDK);
  }

  @Test
  void sdk_classes_should_be_the_imported_ones() {
    // Guards the rules above against passing vacuously, e.g. after a package rename.
    org.junit.jupiter.api.Assertions.assertTrue(SDK.contain(OrderSyncClient.class));
    org.junit.jupiter.api.Assertions.assertTrue(
        SDK.contain(dev.ordersync.sdk.internal.HttpTransport.class));
  }
}
