package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Dockerfile (issue 22), read as text since no Docker engine runs here: the runtime stage is
 * the JRE alone, runs as an unprivileged user, holds the server jar and exactly the libraries its
 * manifest's Class-Path names (as the server's pom makes them), starts the jar with the flags the
 * guide describes and checks readiness with the server's own {@code healthcheck} command.
 */
class DockerfileTest {
  private static final String RUNTIME_DIR = "/opt/ordersync";

  private final Dockerfile file;
  private final ServerPom pom;

  DockerfileTest() throws Exception {
    file = Dockerfile.read();
    pom = ServerPom.read();
  }

  @Test
  void buildsWithMavenOnJdk25AndRunsOnTheJreAlone() {
    assertTrue(file.stages().size() >= 2, "a multi-stage build: " + file.stages());
    Dockerfile.Stage build = file.stage("build");
    assertTrue(
        build.image().startsWith("maven:") && build.image().contains("eclipse-temurin-25"),
        "the build stage is Maven on the Temurin JDK 25: " + build.image());
    String runtime = file.runtime().image();
    assertTrue(
        runtime.matches("eclipse-temurin:25(\\.[0-9.+_]+)?-jre(-.*)?"),
        "the runtime stage is the Temurin 25 JRE (no JDK, no Maven): " + runtime);
    for (Dockerfile.Instruction run : file.runtime().all("RUN")) {
      for (String tool : List.of("apt-get", "apt ", "apk ", "curl", "wget", "microdnf")) {
        assertFalse(
            run.arguments().contains(tool),
            "the runtime stage installs nothing (" + tool + "): " + run.arguments());
      }
    }
  }

  @Test
  void theRuntimeStageRunsAsAnUnprivilegedUser() {
    Dockerfile.Stage runtime = file.runtime();
    String user = runtime.last("USER").arguments().strip();
    String uid = user.split(":")[0];
    assertTrue(
        uid.matches("[0-9]+"),
        "USER is numeric (Kubernetes' runAsNonRoot can only check a number): " + user);
    assertNotEquals(0, Integer.parseInt(uid), "USER is not root");
    if (user.contains(":")) {
      assertNotEquals(0, Integer.parseInt(user.split(":")[1]), "the group is not root's");
    }
    // Nothing after USER switches back.
    List<Dockerfile.Instruction> all = runtime.instructions();
    int at = all.lastIndexOf(runtime.last("USER"));
    assertTrue(
        all.subList(at + 1, all.size()).stream().noneMatch(i -> i.keyword().equals("RUN")),
        "no RUN after USER");
    assertTrue(
        runtime.all("RUN").stream()
            .anyMatch(r -> r.arguments().contains("useradd") && r.arguments().contains(uid)),
        "the image makes the user " + uid + " (a name in /etc/passwd for the JVM's user.name)");
    // The data folder is the user's; the program's files are not (root-owned, read-only to it).
    assertTrue(
        runtime.all("RUN").stream()
            .anyMatch(
                r -> r.arguments().contains("chown " + uid + ":" + uid + " /var/lib/ordersync")),
        "the data folder belongs to the user");
    for (Dockerfile.Instruction copy : runtime.all("COPY")) {
      assertTrue(
          copy.arguments().contains("--chown=root:root"),
          "the program's files stay root's: " + copy.arguments());
    }
  }

  @Test
  void theRuntimeStageHoldsTheJarAndTheLibrariesItsClassPathNames() {
    // What the manifest's Class-Path says is fixed by the pom: each runtime dependency under
    // <classpathPrefix>/, copied by maven-dependency-plugin into target/<libs folder>.
    assertTrue(pom.addClasspath(), "the jar's manifest has a Class-Path");
    assertEquals("runtime", pom.copiedScope(), "every runtime dependency is copied beside the jar");
    assertEquals(
        pom.classpathPrefix(),
        pom.copiedTo(),
        "the libraries are copied to the folder the Class-Path names");

    Map<String, String> copies = new LinkedHashMap<>(); // destination -> source in the build stage
    for (Dockerfile.Instruction copy : file.runtime().all("COPY")) {
      List<String> w = copy.words();
      assertTrue(w.contains("--from=build"), "the runtime stage copies only from the build: " + w);
      List<String> paths = w.stream().filter(s -> !s.startsWith("--")).toList();
      assertEquals(2, paths.size(), "one source, one destination: " + w);
      copies.put(paths.get(1), paths.get(0));
    }
    String jar = RUNTIME_DIR + "/" + pom.finalName() + ".jar";
    String libs = RUNTIME_DIR + "/" + pom.classpathPrefix() + "/";
    assertEquals(
        Set.of(jar, libs),
        copies.keySet(),
        "the server jar and its libraries, side by side as the Class-Path expects, and nothing"
            + " else");

    // ...and the build stage put the built jar and the copied libraries where those COPYs read.
    String buildRun =
        String.join(" ", file.stage("build").all("RUN").stream().map(r -> r.arguments()).toList());
    String target = "ordersync-server/target/";
    String jarSource = copies.get(jar);
    assertTrue(
        buildRun.contains("cp " + target + pom.finalName() + ".jar " + parent(jarSource)),
        "the build stage copies the built jar to " + jarSource + ": " + buildRun);
    String libsSource = copies.get(libs).replaceAll("/$", "");
    assertTrue(
        buildRun.contains("cp -r " + target + pom.copiedTo() + " " + libsSource),
        "the build stage copies target/" + pom.copiedTo() + " to " + libsSource + ": " + buildRun);
    assertTrue(
        buildRun.contains("-pl ordersync-server -am") && buildRun.contains("package"),
        "the build stage packages the server with the modules it needs: " + buildRun);
  }

  @Test
  void theEntrypointStartsTheJarWithContainerAwareMemoryAndTheHealthCheckAsksReadiness() {
    Dockerfile.Stage runtime = file.runtime();
    String jar = RUNTIME_DIR + "/" + pom.finalName() + ".jar";
    List<String> entrypoint = runtime.last("ENTRYPOINT").execForm();
    assertEquals("java", entrypoint.getFirst(), "exec form: java is PID 1 and gets SIGTERM");
    assertEquals(
        List.of("-jar", jar), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
    assertTrue(
        entrypoint.stream().anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage=")),
        "the heap follows the container's memory limit: " + entrypoint);
    assertTrue(
        entrypoint.stream().noneMatch(f -> f.startsWith("-Xmx")),
        "no fixed heap that ignores the container's limit: " + entrypoint);
    assertTrue(entrypoint.contains("-XX:+ExitOnOutOfMemoryError"), "OOM: exit, be restarted");

    Dockerfile.Instruction health = runtime.last("HEALTHCHECK");
    assertTrue(health.arguments().contains("--start-period="), health.arguments());
    List<String> check = health.execForm();
    assertEquals("java", check.getFirst());
    assertEquals(
        List.of("-jar", jar, "healthcheck"), check.subList(check.size() - 3, check.size()));
  }

  @Test
  void everyVariableTheImageSetsIsASettingOfTheServerAndItsPortIsExposed() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Dockerfile.Instruction e : file.runtime().all("ENV")) {
      for (String pair : e.words()) {
        int eq = pair.indexOf('=');
        assertTrue(eq > 0, "ENV in key=value form: " + pair);
        env.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    Set<String> read = ServerSettings.read(env);
    for (String name : env.keySet()) {
      assertTrue(read.contains(name), name + " is a setting the server reads");
    }
    List<String> exposed = file.runtime().last("EXPOSE").words();
    assertTrue(
        exposed.contains(env.get("ORDERSYNC_PORT")),
        "EXPOSE names the port the server listens on (" + env.get("ORDERSYNC_PORT") + ")");
    assertEquals("0.0.0.0", env.get("ORDERSYNC_HOST"), "reachable from outside the container");
  }

  @Test
  void theBuildContextLeavesOutBuildOutputAndSecrets() throws Exception {
    List<String> ignored =
        Files.readAllLines(Path.of("..", ".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    for (String must : List.of("**/target/", ".git/", "ops/.env", "ops/secrets/")) {
      assertTrue(ignored.contains(must), ".dockerignore leaves out " + must + ": " + ignored);
    }
  }

  private static String parent(String path) {
    return path.substring(0, path.lastIndexOf('/') + 1);
  }

  /** What ordersync-server/pom.xml says about the jar and the libraries beside it. */
  record ServerPom(
      String finalName,
      boolean addClasspath,
      String classpathPrefix,
      String copiedTo,
      String copiedScope) {
    static ServerPom read() throws Exception {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
      Element manifest = only(pom.getElementsByTagName("manifest"));
      Element copy = null;
      NodeList executions = pom.getElementsByTagName("execution");
      for (int i = 0; i < executions.getLength(); i++) {
        Element e = (Element) executions.item(i);
        if (text(e, "id").equals("copy-libs")) {
          copy = e;
        }
      }
      if (copy == null) {
        throw new AssertionError("the server pom has no copy-libs execution");
      }
      String out = text(copy, "outputDirectory");
      String prefix = "${project.build.directory}/";
      assertTrue(out.startsWith(prefix), out);
      return new ServerPom(
          text(pom.getDocumentElement(), "finalName"),
          Boolean.parseBoolean(text(manifest, "addClasspath")),
          text(manifest, "classpathPrefix"),
          out.substring(prefix.length()),
          text(copy, "includeScope"));
    }

    private static Element only(NodeList nodes) {
      assertEquals(1, nodes.getLength());
      return (Element) nodes.item(0);
    }

    private static String text(Element in, String tag) {
      NodeList found = in.getElementsByTagName(tag);
      if (found.getLength() == 0) {
        throw new AssertionError("no <" + tag + "> in the server pom's " + in.getTagName());
      }
      return found.item(0).getTextContent().strip();
    }
  }
}
