package dev.ordersync.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The library stands alone: plain Java, Tink and the AWS SDK; nothing of ours, no framework. */
class ArchitectureTest {
  private static final JavaClasses LIBRARY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync.crypto");

  @Test
  void crypto_depends_on_nothing_of_ours() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.crypto..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ordersync.core..",
            "dev.ordersync.server..",
            "dev.ordersync.audit..",
            "dev.ordersync.sdk..",
            "dev.ordersync.examples..")
        .check(LIBRARY);
  }

  @Test
  void crypto_uses_only_the_jdk_tink_and_the_aws_sdk() {
    classes()
        .that()
        .resideInAPackage("dev.ordersync.crypto..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.crypto..",
            "com.google.crypto.tink..",
            "software.amazon.awssdk..",
            "dev.ordersync.crypto..")
        .check(LIBRARY);
  }

  @Test
  void internals_do_not_depend_on_the_api() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.crypto.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.crypto")
        .check(LIBRARY);
  }

  @Test
  void cleartext_key_access_is_confined_to_the_local_key_store_and_the_tink_helpers() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.ordersync.crypto.LocalCleartextKeysetStore")
        .and()
        .doNotHaveFullyQualifiedName("dev.ordersync.crypto.internal.TinkKeys")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("com.google.crypto.tink.InsecureSecretKeyAccess")
        .check(LIBRARY);
  }
}
