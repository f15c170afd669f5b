package dev.ordersync.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit library stands alone: nothing of ours, and its internals stay inside. */
class ArchitectureTest {
  private static final JavaClasses AUDIT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync.audit");

  @Test
  void the_library_depends_on_nothing_of_ours() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.audit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ordersync.core..",
            "dev.ordersync.server..",
            "dev.ordersync.crypto..",
            "dev.ordersync.sdk..",
            "dev.ordersync.examples..")
        .check(AUDIT);
  }

  @Test
  void the_library_uses_only_the_jdk_and_tink() {
    classes()
        .that()
        .resideInAPackage("dev.ordersync.audit..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "javax..", "com.google.crypto.tink..", "dev.ordersync.audit..")
        .check(AUDIT);
  }

  @Test
  void internals_do_not_reach_back_into_the_api() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.audit.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.audit")
        .check(AUDIT);
  }

  @Test
  void the_api_never_shows_an_internal_type() {
    methods()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.ordersync.audit")
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should()
        .notHaveRawReturnType(
            DescribedPredicate.describe("an internal type", (JavaClass c) -> internal(c)))
        .andShould()
        .notHaveRawParameterTypes(
            DescribedPredicate.describe(
                "internal types",
                (List<JavaClass> ps) -> ps.stream().anyMatch(ArchitectureTest::internal)))
        .check(AUDIT);
  }

  private static boolean internal(JavaClass c) {
    return c.getPackageName().startsWith("dev.ordersync.audit.internal");
  }
}
