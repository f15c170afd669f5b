package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The crypto library's public API is recorded in {@code api/ordersync-crypto.api}, so that any
 * change to it shows up in review as a change to that file. After an intended change, regenerate it
 * with {@code mvn -pl ordersync-crypto test -Dtest=PublicApiTest -Dcrypto.updateApi=true} and
 * commit the result.
 */
class PublicApiTest {
  private static final Path RECORDED = Path.of("api", "ordersync-crypto.api");

  @Test
  void thePublicApiIsTheRecordedOne() throws IOException {
    String actual = describe();
    if (Boolean.getBoolean("crypto.updateApi")) {
      Files.createDirectories(RECORDED.getParent());
      Files.writeString(RECORDED, actual, StandardCharsets.UTF_8);
    }
    String recorded =
        Files.exists(RECORDED) ? Files.readString(RECORDED, StandardCharsets.UTF_8) : "(no file)";
    assertEquals(
        recorded,
        actual,
        "the crypto library's public API changed; if that was intended, run with -Dcrypto.updateApi=true and commit "
            + RECORDED);
  }

  static String describe() {
    List<Class<?>> types =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ordersync.crypto")
                .stream()
                .filter(c -> c.getPackageName().equals("dev.ordersync.crypto"))
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
