import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a release bundle as Maven Central would: run by .ci/release-check on the file repository that
 * `mvn -Prelease deploy` wrote. Usage: java VerifyBundle.java <repository> <groupId> <version>.
 *
 * <p>The published artifacts are those the BOM (copilotz-tasks-bom) lists, plus the BOM: the repository must
 * hold exactly those. Each has its POM, and a jar with sources and javadoc jars unless it is a POM; each file
 * has a detached signature that gpg verifies and MD5 and SHA-1 checksums that match it; each POM has the
 * elements Central requires, no parent, and no unresolved property. Exits 1 with every problem listed.
 */
public class VerifyBundle {
  static final List<String> problems = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Path repository = Paths.get(args[0]);
    String groupId = args[1];
    String version = args[2];
    Path group = repository.resolve(groupId.replace('.', '/'));
    Path bomPom = group.resolve("copilotz-tasks-bom").resolve(version).resolve("copilotz-tasks-bom-" + version + ".pom");
    if (!Files.isRegularFile(bomPom)) {
      System.err.println("no BOM at " + bomPom);
      System.exit(1);
    }
    Set<String> expected = new TreeSet<>();
    expected.add("copilotz-tasks-bom");
    Document bom = parse(bomPom);
    Element management = child(bom.getDocumentElement(), "dependencyManagement");
    for (Element dependency : children(child(management, "dependencies"), "dependency")) {
      check(text(dependency, "groupId").equals(groupId), "the BOM lists a foreign artifact " + text(dependency, "groupId"));
      check(text(dependency, "version").equals(version),
          "the BOM pins " + text(dependency, "artifactId") + " at " + text(dependency, "version") + ", not " + version);
      expected.add(text(dependency, "artifactId"));
    }
    Set<String> found;
    try (Stream<Path> dirs = Files.list(group)) {
      found = dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    check(found.equals(expected), "the repository holds " + found + ", but the published artifacts are " + expected);
    try (Stream<Path> all = Files.walk(repository)) {
      List<Path> outside = all.filter(Files::isRegularFile).filter(file -> !file.startsWith(group)).collect(Collectors.toList());
      check(outside.isEmpty(), "files outside " + groupId + ": " + outside);
    }

    for (String artifactId : expected) {
      Path dir = group.resolve(artifactId).resolve(version);
      String base = artifactId + "-" + version;
      Path pom = dir.resolve(base + ".pom");
      if (!Files.isRegularFile(pom)) {
        problems.add(artifactId + ": no POM");
        continue;
      }
      Document document = parse(pom);
      Element project = document.getDocumentElement();
      String packaging = child(project, "packaging") == null ? "jar" : text(project, "packaging");
      checkPom(artifactId, version, groupId, project, Files.readString(pom));
      List<String> files = new ArrayList<>(List.of(base + ".pom"));
      if (!packaging.equals("pom")) {
        files.add(base + ".jar");
        files.add(base + "-sources.jar");
        files.add(base + "-javadoc.jar");
      }
      for (String name : files) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
          problems.add(artifactId + ": missing " + name);
          continue;
        }
        checkChecksum(file, "md5", "MD5");
        checkChecksum(file, "sha1", "SHA-1");
        checkSignature(file);
      }
      if (!packaging.equals("pom")) {
        checkJar(artifactId, dir.resolve(base + "-sources.jar"), ".java", ".yaml");
        checkJar(artifactId, dir.resolve(base + "-javadoc.jar"), "index.html", "README");
      }
      System.out.println("checked " + artifactId + " " + version + " (" + packaging + ", " + files.size() + " files)");
    }
    if (!problems.isEmpty()) {
      problems.forEach(problem -> System.err.println("BUNDLE PROBLEM: " + problem));
      System.exit(1);
    }
    System.out.println("bundle OK: " + expected.size() + " artifacts, all signed, checksummed and described");
  }

  static void checkPom(String artifactId, String version, String groupId, Element project, String raw) {
    String where = artifactId + " POM: ";
    check(child(project, "parent") == null, where + "has a parent (the flattened POM must stand alone)");
    check(groupId.equals(text(project, "groupId")), where + "groupId is not " + groupId);
    check(artifactId.equals(text(project, "artifactId")), where + "artifactId differs");
    check(version.equals(text(project, "version")), where + "version is not " + version);
    for (String element : List.of("name", "description", "url")) {
      check(!text(project, element).isBlank(), where + "no " + element);
    }
    Element licenses = child(project, "licenses");
    check(licenses != null && !children(licenses, "license").isEmpty()
        && !text(children(licenses, "license").get(0), "name").isBlank()
        && !text(children(licenses, "license").get(0), "url").isBlank(), where + "no license with a name and url");
    Element developers = child(project, "developers");
    check(developers != null && !children(developers, "developer").isEmpty()
        && !text(children(developers, "developer").get(0), "name").isBlank(), where + "no developer with a name");
    Element scm = child(project, "scm");
    check(scm != null && !text(scm, "url").isBlank() && !text(scm, "connection").isBlank(), where + "no scm url and connection");
    check(!raw.contains("${"), where + "has an unresolved property");
    Element dependencies = child(project, "dependencies");
    if (dependencies != null) {
      for (Element dependency : children(dependencies, "dependency")) {
        check(!text(dependency, "version").isBlank(), where + "dependency " + text(dependency, "artifactId") + " has no version");
        check(!"test".equals(text(dependency, "scope")), where + "lists the test dependency " + text(dependency, "artifactId"));
      }
    }
  }

  static void checkChecksum(Path file, String extension, String algorithm) throws Exception {
    Path sum = file.resolveSibling(file.getFileName() + "." + extension);
    if (!Files.isRegularFile(sum)) {
      problems.add("missing " + sum.getFileName());
      return;
    }
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    String actual = Files.readString(sum).trim().split("\\s+")[0];
    check(expected.equalsIgnoreCase(actual), sum.getFileName() + " does not match " + file.getFileName());
  }

  static void checkSignature(Path file) throws Exception {
    Path signature = file.resolveSibling(file.getFileName() + ".asc");
    if (!Files.isRegularFile(signature)) {
      problems.add("missing " + signature.getFileName());
      return;
    }
    Process gpg = new ProcessBuilder("gpg", "--batch", "--verify", signature.toString(), file.toString())
        .redirectErrorStream(true).start();
    String output = new String(gpg.getInputStream().readAllBytes());
    if (!gpg.waitFor(60, TimeUnit.SECONDS)) {
      gpg.destroyForcibly();
      problems.add("gpg did not finish verifying " + signature.getFileName());
      return;
    }
    check(gpg.exitValue() == 0 && output.contains("Good signature"),
        signature.getFileName() + " does not verify: " + output.trim());
  }

  static void checkJar(String artifactId, Path jar, String... anyOf) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      boolean has = zip.stream().anyMatch(entry -> {
        for (String suffix : anyOf) {
          if (entry.getName().endsWith(suffix) || entry.getName().contains(suffix)) {
            return true;
          }
        }
        return false;
      });
      check(has, artifactId + ": " + jar.getFileName() + " has no " + String.join(" or ", anyOf));
    }
  }

  static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    try (InputStream in = Files.newInputStream(pom)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && node.getNodeName().equals(name)) {
        return (Element) node;
      }
    }
    return null;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element && nodes.item(i).getNodeName().equals(name)) {
        found.add((Element) nodes.item(i));
      }
    }
    return found;
  }

  static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? "" : element.getTextContent().trim();
  }

  static void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
