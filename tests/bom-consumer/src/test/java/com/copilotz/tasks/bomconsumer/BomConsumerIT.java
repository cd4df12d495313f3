package com.copilotz.tasks.bomconsumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the consumer builds under {@code src/it} saw, read after the invoker ran them against the
 * SDK installed in a throwaway repository: the installed BOM manages the SDK's artifacts and
 * nothing else, a plain project keeps its own JUnit, and a Spring Boot 3.5 or 4.0 application that
 * imports the BOM before Boot's resolves exactly what it resolves without it.
 */
class BomConsumerIT {
  private static final Path CONSUMERS = Path.of(System.getProperty("consumers"));
  private static final Path REPOSITORY = Path.of(System.getProperty("local.repository"));
  private static final String SDK_VERSION = System.getProperty("sdk.version");
  private static final List<String> SDK_ARTIFACTS =
      List.of(
          "copilotz-tasks-client",
          "copilotz-tasks-testing",
          "copilotz-tasks-testing-backend",
          "copilotz-tasks-micrometer",
          "copilotz-tasks-mcp",
          "copilotz-tasks-cli",
          "copilotz-tasks-spring-boot-starter",
          "copilotz-tasks-openapi");

  /** The SDK's artifacts as {@link #managed} and {@link #resolved} name them. */
  private static final List<String> SDK_KEYS =
      SDK_ARTIFACTS.stream().map(artifact -> "com.copilotz:" + artifact + ":jar").toList();

  @Test
  void theInstalledBomHasNoParentAndManagesOnlyTheSdkAtItsVersion() throws Exception {
    Path pom =
        REPOSITORY.resolve(
            "com/copilotz/copilotz-tasks-bom/"
                + SDK_VERSION
                + "/copilotz-tasks-bom-"
                + SDK_VERSION
                + ".pom");
    Element project = parse(pom).getDocumentElement();

    assertThat(children(project, "parent")).as("the installed BOM's parent").isEmpty();
    assertThat(children(project, "properties")).as("the installed BOM's properties").isEmpty();
    Map<String, String> managed = managed(project);
    assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(SDK_KEYS);
    // Its own version: a build from a clone keeps the expression, a release writes the version out;
    // aPlainProjectGetsOnlyTheSdkManaged sees it resolved.
    assertThat(managed.values())
        .allSatisfy(version -> assertThat(version).isIn("${project.version}", SDK_VERSION));
  }

  @Test
  void aPlainProjectGetsOnlyTheSdkManaged() throws Exception {
    Map<String, String> managed = managed(effectivePom("plain"));

    assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(SDK_KEYS);
    assertThat(managed.values()).containsOnly(SDK_VERSION);
  }

  @Test
  void theReadmesProjectGetsOnlyTheSdkManagedAndResolvesIt() throws Exception {
    Map<String, String> managed = managed(effectivePom("readme"));

    assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(SDK_KEYS);
    assertThat(resolved("readme"))
        .containsEntry("com.copilotz:copilotz-tasks-client:jar", SDK_VERSION)
        .containsEntry("com.copilotz:copilotz-tasks-testing:jar", SDK_VERSION);
  }

  @Test
  void aPlainProjectKeepsItsOwnJUnitWhole() throws IOException {
    Map<String, String> resolved = resolved("plain");

    assertThat(resolved).containsEntry("com.copilotz:copilotz-tasks-client:jar", SDK_VERSION);
    assertThat(resolved).containsEntry("com.copilotz:copilotz-tasks-testing:jar", SDK_VERSION);
    assertThat(versionsOf(resolved, "org.junit.jupiter:"))
        .as("JUnit Jupiter, as the project declared it")
        .isNotEmpty()
        .containsOnly("5.11.4");
    assertThat(versionsOf(resolved, "org.junit.platform:"))
        .as("the JUnit Platform of Jupiter 5.11.4")
        .isNotEmpty()
        .containsOnly("1.11.4");
  }

  @Test
  void aSpringBoot35ApplicationKeepsBootsVersions() throws Exception {
    keepsBootsVersions(
        "spring-boot-3.5", System.getProperty("spring-boot3.version"), "jackson-bom");
  }

  @Test
  void aSpringBoot40ApplicationKeepsBootsVersions() throws Exception {
    keepsBootsVersions(
        "spring-boot-4.0", System.getProperty("spring-boot4.version"), "jackson-2-bom");
  }

  /**
   * The application that imports the SDK's BOM first manages and resolves what the same application
   * without it does (the SDK's own artifacts aside), and that is Boot's Jackson 2 and JUnit
   * Jupiter, as Boot's BOM names them.
   */
  private static void keepsBootsVersions(String line, String bootVersion, String jackson2Property)
      throws Exception {
    Map<String, String> withBom = managed(effectivePom(line));
    Map<String, String> withoutBom = managed(effectivePom(line + "-without-bom"));
    withBom.keySet().removeIf(key -> key.startsWith("com.copilotz:"));
    assertThat(withBom)
        .as("what Boot manages, with the SDK's BOM imported first")
        .isEqualTo(withoutBom);

    Map<String, String> resolved = resolved(line);
    assertThat(resolved).as("what resolves").isEqualTo(resolved(line + "-without-bom"));

    Properties boot = bootProperties(bootVersion);
    assertThat(resolved)
        .containsEntry(
            "com.fasterxml.jackson.core:jackson-databind:jar",
            boot.getProperty(jackson2Property + ".version"))
        .containsEntry(
            "org.junit.jupiter:junit-jupiter-api:jar", boot.getProperty("junit-jupiter.version"))
        .containsEntry("com.copilotz:copilotz-tasks-client:jar", SDK_VERSION);
  }

  private static Properties bootProperties(String bootVersion) throws Exception {
    Path pom =
        REPOSITORY.resolve(
            "org/springframework/boot/spring-boot-dependencies/"
                + bootVersion
                + "/spring-boot-dependencies-"
                + bootVersion
                + ".pom");
    Properties properties = new Properties();
    for (Element element : children(parse(pom).getDocumentElement(), "properties")) {
      NodeList nodes = element.getChildNodes();
      for (int i = 0; i < nodes.getLength(); i++) {
        if (nodes.item(i) instanceof Element property) {
          properties.setProperty(property.getTagName(), property.getTextContent().trim());
        }
      }
    }
    assertThat(properties).as("Spring Boot %s's properties", bootVersion).isNotEmpty();
    return properties;
  }

  private static Element effectivePom(String consumer) throws Exception {
    return parse(CONSUMERS.resolve(consumer).resolve("target/effective-pom.xml"))
        .getDocumentElement();
  }

  /** groupId:artifactId:type[:classifier] to version, from a POM's dependencyManagement. */
  private static Map<String, String> managed(Element project) {
    Map<String, String> managed = new TreeMap<>();
    for (Element management : children(project, "dependencyManagement")) {
      for (Element dependencies : children(management, "dependencies")) {
        for (Element dependency : children(dependencies, "dependency")) {
          String key =
              text(dependency, "groupId", "")
                  + ":"
                  + text(dependency, "artifactId", "")
                  + ":"
                  + text(dependency, "type", "jar")
                  + (text(dependency, "classifier", "").isEmpty()
                      ? ""
                      : ":" + text(dependency, "classifier", ""));
          managed.put(key, text(dependency, "version", ""));
        }
      }
    }
    assertThat(managed).as("managed dependencies").isNotEmpty();
    return managed;
  }

  /** groupId:artifactId:type[:classifier] to version, from dependency:list's output. */
  private static Map<String, String> resolved(String consumer) throws IOException {
    Map<String, String> resolved = new TreeMap<>();
    Path list = CONSUMERS.resolve(consumer).resolve("target/dependencies.txt");
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      String coordinates = line.trim().split(" ", 2)[0];
      String[] parts = coordinates.split(":");
      if (!line.startsWith("   ") || parts.length < 5) {
        continue;
      }
      String key =
          parts[0] + ":" + parts[1] + ":" + parts[2] + (parts.length == 6 ? ":" + parts[3] : "");
      resolved.put(key, parts[parts.length - 2]);
    }
    assertThat(resolved).as("the dependencies of %s", consumer).isNotEmpty();
    return resolved;
  }

  private static List<String> versionsOf(Map<String, String> resolved, String groupPrefix) {
    List<String> versions = new ArrayList<>();
    resolved.forEach(
        (key, version) -> {
          if (key.startsWith(groupPrefix)) {
            versions.add(version);
          }
        });
    return versions;
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> children = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        children.add(element);
      }
    }
    return children;
  }

  private static String text(Element parent, String name, String otherwise) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? otherwise : found.get(0).getTextContent().trim();
  }
}
