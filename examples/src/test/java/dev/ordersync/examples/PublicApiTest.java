package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.ordersync.audit.AuditLog;
import dev.ordersync.core.shared.Won;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.sdk.OrderSyncClient;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each library's public API is recorded in {@code <module>/api/<module>.api}, so that any change to
 * it shows up in review as a change to that file. One check for every library, here because the
 * examples depend on all of them. After an intended change, regenerate the files with {@code mvn -q
 * -pl examples -am test -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dapi.update=true} and commit the result (a library whose API did not change keeps its file).
 */
class PublicApiTest {
  /**
   * A library: its module folder, one of its classes (which finds its classes, a folder or a jar),
   * and which of its packages are API.
   */
  record Library(String module, Class<?> anyClass, Predicate<String> isApi) {
    Path recorded() {
      return Path.of("..", module, "api", module + ".api");
    }

    @Override
    public String toString() {
      return module;
    }
  }

  static Stream<Library> libraries() {
    return Stream.of(
        new Library(
            "ordersync-core",
            Won.class,
            p -> p.startsWith("dev.ordersync.core.") && !p.contains(".internal")),
        new Library("ordersync-crypto", FieldCrypto.class, "dev.ordersync.crypto"::equals),
        new Library("ordersync-audit", AuditLog.class, "dev.ordersync.audit"::equals),
        new Library("ordersync-sdk", OrderSyncClient.class, "dev.ordersync.sdk"::equals));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libraries")
  void thePublicApiIsTheRecordedOne(Library library) throws IOException, URISyntaxException {
    String actual = describe(library);
    Path recorded = library.recorded();
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(recorded.getParent());
      Files.writeString(recorded, actual, StandardCharsets.UTF_8);
    }
    String expected =
        Files.exists(recorded) ? Files.readString(recorded, StandardCharsets.UTF_8) : "(no file)";
    assertEquals(
        expected,
        actual,
        library
            + "'s public API changed; if that was intended, run with -Dapi.update=true and commit "
            + library.module()
            + "/api/"
            + recorded.getFileName());
  }

  /** The library's own classes only (its folder or jar), whatever else is on the class path. */
  static String describe(Library library) throws URISyntaxException {
    URL classes = library.anyClass().getProtectionDomain().getCodeSource().getLocation();
    List<Class<?>> types =
        new ClassFileImporter()
            .importLocations(List.of(Location.of(classes.toURI()))).stream()
                .filter(c -> library.isApi().test(c.getPackageName()))
                .map(JavaClass::reflect)
                .filter(PublicApiTest::visible)
                .sorted(java.util.Comparator.comparing(Class::getName))
                .collect(Collectors.toList());
    StringBuilder out = new StringBuilder();
    for (Class<?> type : types) {
      out.append(header(type)).append('\n');
      List<String> members = new ArrayList<>();
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers()) && !f.isSynthetic()) {
          members.add(f.getName() + ": " + name(f.getGenericType()) + modifiers(f.getModifiers()));
        }
      }
      Arrays.stream(type.getDeclaredConstructors())
          .filter(c -> Modifier.isPublic(c.getModifiers()) && !c.isSynthetic())
          .forEach(c -> members.add("<init>(" + params(c) + ")"));
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          members.add(
              m.getName()
                  + "("
                  + params(m)
                  + "): "
                  + name(m.getGenericReturnType())
                  + modifiers(m.getModifiers() & ~Modifier.FINAL));
        }
      }
      members.stream().sorted().forEach(m -> out.append("  ").append(m).append('\n'));
    }
    return out.toString();
  }

  /** Public, and reachable: every enclosing class public too. */
  private static boolean visible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static String header(Class<?> type) {
    String kind =
        type.isRecord()
            ? "record"
            : type.isEnum()
                ? "enum"
                : type.isInterface()
                    ? "interface"
                    : Modifier.isAbstract(type.getModifiers())
                        ? "abstract class"
                        : Modifier.isFinal(type.getModifiers()) ? "final class" : "class";
    StringBuilder h = new StringBuilder(kind).append(' ').append(type.getName());
    if (type.getTypeParameters().length > 0) {
      h.append(
          Arrays.stream(type.getTypeParameters())
              .map(Type::getTypeName)
              .collect(Collectors.joining(", ", "<", ">")));
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null
        && superclass != Object.class
        && superclass != Record.class
        && !type.isEnum()) {
      h.append(" extends ").append(name(superclass));
    }
    if (type.getGenericInterfaces().length > 0) {
      h.append(" implements ")
          .append(
              Arrays.stream(type.getGenericInterfaces())
                  .map(PublicApiTest::name)
                  .collect(Collectors.joining(", ")));
    }
    return h.toString();
  }

  private static String modifiers(int modifiers) {
    String m =
        Modifier.toString(modifiers & (Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT));
    return m.isEmpty() ? "" : " (" + m + ")";
  }

  private static String params(Executable e) {
    return Arrays.stream(e.getGenericParameterTypes())
        .map(PublicApiTest::name)
        .collect(Collectors.joining(", "));
  }

  private static String name(Type t) {
    return t.getTypeName().replace("java.lang.", "");
  }
}
