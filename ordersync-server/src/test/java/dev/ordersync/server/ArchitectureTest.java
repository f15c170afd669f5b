package dev.ordersync.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ordersync.server.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The server's own arrows. The adapters ({@code postgres}, {@code live}, {@code toss}, {@code
 * notify}, {@code ratelimit}, {@code auth}) stand beside the HTTP layer, not above it: they serve
 * core's ports and know nothing of {@code http}, {@code ws} or the {@code edge} they share. {@code
 * http} and {@code ws} use core, the edge and who is calling ({@code context}), never each other.
 * Core itself may be used by every package and is checked by its own module's test.
 */
class ArchitectureTest {
  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.ordersync.server");

  private static final String[] ADAPTERS = {
    "dev.ordersync.server.postgres..",
    "dev.ordersync.server.live..",
    "dev.ordersync.server.toss..",
    "dev.ordersync.server.notify..",
    "dev.ordersync.server.webhooks..",
    "dev.ordersync.server.ratelimit..",
    "dev.ordersync.server.auth.."
  };

  /**
   * Every package of the server and the packages of the server it may use; a new package must be
   * given its place here. The wiring (the root package) may use them all.
   */
  @Test
  void every_server_package_uses_only_the_packages_it_is_allowed() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture()
        .layer("wiring")
        .definedBy("dev.ordersync.server")
        .layer("http")
        .definedBy("dev.ordersync.server.http..")
        .layer("ws")
        .definedBy("dev.ordersync.server.ws..")
        .layer("edge")
        .definedBy("dev.ordersync.server.edge..")
        .layer("context")
        .definedBy("dev.ordersync.server.context..")
        .layer("json")
        .definedBy("dev.ordersync.server.json..")
        .layer("postgres")
        .definedBy("dev.ordersync.server.postgres..")
        .layer("live")
        .definedBy("dev.ordersync.server.live..")
        .layer("toss")
        .definedBy("dev.ordersync.server.toss..")
        .layer("notify")
        .definedBy("dev.ordersync.server.notify..")
        .layer("webhooks")
        .definedBy("dev.ordersync.server.webhooks..")
        .layer("ratelimit")
        .definedBy("dev.ordersync.server.ratelimit..")
        .layer("auth")
        .definedBy("dev.ordersync.server.auth..")
        .layer("web")
        .definedBy("dev.ordersync.server.web..")
        .layer("observe")
        .definedBy("dev.ordersync.server.observe..")
        // The entry points: core, the shared edge, who is calling, the JSON shapes; the HTTP routes
        // also issue tokens (auth) and apply rate limits (ratelimit), the live sockets deliver the
        // event bus's events (live).
        .whereLayer("http")
        .mayOnlyAccessLayers("edge", "context", "json", "auth", "ratelimit", "observe")
        .whereLayer("ws")
        .mayOnlyAccessLayers("edge", "context", "json", "live", "observe")
        // The edge authenticates (verifying tokens with auth) and records the caller.
        .whereLayer("edge")
        .mayOnlyAccessLayers("context", "auth")
        .whereLayer("context")
        .mayNotAccessAnyLayer()
        .whereLayer("json")
        .mayNotAccessAnyLayer()
        // The adapters: core's ports; the outbox publishes to the event bus (live), the audit trail
        // reads who is calling (context), the Redis bus and Toss read and write JSON (json's
        // mapper).
        // Traces and log lines (observe) are written from the entry points and the adapters that
        // talk to other systems; observe itself only reads who is calling for the log lines.
        .whereLayer("postgres")
        .mayOnlyAccessLayers("context", "live", "observe")
        .whereLayer("live")
        .mayOnlyAccessLayers("json", "observe")
        .whereLayer("toss")
        .mayOnlyAccessLayers("json", "observe")
        .whereLayer("observe")
        .mayOnlyAccessLayers("context")
        .whereLayer("notify")
        .mayOnlyAccessLayers("json", "observe")
        // Outbound webhooks: the URL rules, the signature and the HTTP call; nothing of the server.
        .whereLayer("webhooks")
        .mayNotAccessAnyLayer()
        .whereLayer("ratelimit")
        .mayNotAccessAnyLayer()
        .whereLayer("auth")
        .mayNotAccessAnyLayer()
        // The web pages are files: they call the API from the browser, never the server's insides.
        .whereLayer("web")
        .mayNotAccessAnyLayer()
        .check(SERVER);
  }

  @Test
  void adapters_stand_beside_http_and_ws_not_above_them() {
    noClasses()
        .that()
        .resideInAnyPackage(ADAPTERS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.ordersync.server.http..",
            "dev.ordersync.server.ws..",
            "dev.ordersync.server.edge..",
            "io.helidon.webserver..",
            "io.helidon.http..",
            "io.helidon.websocket..")
        .check(SERVER);
  }

  /** The JSON mapper is neutral; the API's JSON shapes belong to http and ws. */
  @Test
  void adapters_use_the_json_mapper_but_not_the_api_views() {
    noClasses()
        .that()
        .resideInAnyPackage(ADAPTERS)
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.ordersync.server.json..").and(not(name(Json.class.getName()))))
        .check(SERVER);
  }

  @Test
  void http_and_ws_do_not_reach_into_each_other() {
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.server.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.server.ws..")
        .check(SERVER);
    noClasses()
        .that()
        .resideInAPackage("dev.ordersync.server.ws..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.ordersync.server.http..")
        .check(SERVER);
  }

  @Test
  void http_and_ws_should_not_reach_into_postgres_or_sql() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.ordersync.server.http..", "dev.ordersync.server.ws..")
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
