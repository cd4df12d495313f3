import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * `mvn -Prelease deploy` wrote. Usage: {@code java VerifyBundle.java <repository> <groupId> <version>
 * [<source root>]}, or {@code java VerifyBundle.java compare <repository> <other repository>}.
 *
 * <p>The published artifacts are those the BOM (copilotz-tasks-bom) lists, plus the BOM: the repository must
 * hold exactly those. Each has its POM, a CycloneDX SBOM ({@code -cyclonedx.json}), and a jar with sources and
 * javadoc jars unless it is a POM; each file has a detached signature that gpg verifies and MD5 and SHA-1
 * checksums that match it; each POM has the elements Central requires, no parent, and no unresolved property.
 * Each SBOM describes its artifact, and lists exactly the module's runtime dependencies as Maven resolved them
 * (the {@code target/runtime-dependencies.txt} that {@code dependency:list -DincludeScope=runtime} wrote in the
 * module's folder under the source root), each with its version, its purl and its hashes. Exits 1 with every
 * problem listed.
 *
 * <p>{@code compare} checks that two bundles built from one commit are byte for byte the same, but for the
 * signatures (gpg puts its time in each) and Maven's metadata files (they hold the deploy's time): it names
 * every file that differs or that only one of them has.
 */
public class VerifyBundle {
  static final List<String> problems = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args[0].equals("compare")) {
      compare(Paths.get(args[1]), Paths.get(args[2]));
      return;
    }
    Path repository = Paths.get(args[0]);
    Path sources = args.length > 3 ? Paths.get(args[3]) : null;
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
    check(children(bom.getDocumentElement(), "parent").isEmpty(),
        "the BOM has a parent: importing it would bring the parent's dependencyManagement into users' builds");
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
      List<String> files = new ArrayList<>(List.of(base + ".pom", base + "-cyclonedx.json"));
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
      checkSbom(groupId, artifactId, version, packaging, dir.resolve(base + "-cyclonedx.json"), sources);
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

  /**
   * The SBOM describes its artifact and lists exactly the runtime dependencies Maven resolved for its module,
   * each with a version, the purl of that version and hashes (SHA-256 and SHA-512 among them).
   */
  @SuppressWarnings("unchecked")
  static void checkSbom(String groupId, String artifactId, String version, String packaging, Path sbom, Path sources)
      throws IOException {
    if (!Files.isRegularFile(sbom)) {
      return;
    }
    String where = artifactId + " SBOM: ";
    Map<String, Object> bom;
    try {
      bom = (Map<String, Object>) new Json(Files.readString(sbom)).value();
    } catch (RuntimeException e) {
      problems.add(where + "not JSON: " + e.getMessage());
      return;
    }
    check("CycloneDX".equals(bom.get("bomFormat")), where + "not a CycloneDX document");
    Map<String, Object> metadata = (Map<String, Object>) bom.getOrDefault("metadata", Map.of());
    Map<String, Object> component = (Map<String, Object>) metadata.getOrDefault("component", Map.of());
    String type = packaging.equals("pom") ? "pom" : "jar";
    check(("pkg:maven/" + groupId + "/" + artifactId + "@" + version + "?type=" + type).equals(component.get("purl")),
        where + "describes " + component.get("purl") + ", not " + artifactId + " " + version);
    check(!metadata.containsKey("timestamp"), where + "holds the build's time (metadata.timestamp)");
    Set<String> listed = new TreeSet<>();
    for (Object entry : (List<Object>) bom.getOrDefault("components", List.of())) {
      Map<String, Object> dependency = (Map<String, Object>) entry;
      String coordinates = dependency.get("group") + ":" + dependency.get("name") + ":" + dependency.get("version");
      listed.add(coordinates);
      String purl = String.valueOf(dependency.get("purl"));
      check(purl.startsWith("pkg:maven/" + dependency.get("group") + "/" + dependency.get("name") + "@"
          + dependency.get("version")), where + coordinates + " has the purl " + purl);
      Set<String> algorithms = new TreeSet<>();
      for (Object hash : (List<Object>) dependency.getOrDefault("hashes", List.of())) {
        Map<String, Object> digest = (Map<String, Object>) hash;
        if (String.valueOf(digest.get("content")).matches("[0-9a-f]{32,}")) {
          algorithms.add(String.valueOf(digest.get("alg")));
        }
      }
      check(algorithms.containsAll(List.of("SHA-256", "SHA-512")), where + coordinates + " has no SHA-256 and SHA-512 hashes");
    }
    if (sources == null) {
      return;
    }
    Path resolved = moduleOf(sources, artifactId).resolve("target/runtime-dependencies.txt");
    if (!Files.isRegularFile(resolved)) {
      problems.add(where + "no " + resolved + " to compare it with");
      return;
    }
    Set<String> expected = runtimeDependencies(resolved);
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(listed);
    Set<String> extra = new TreeSet<>(listed);
    extra.removeAll(expected);
    check(missing.isEmpty(), where + "lacks the runtime dependencies " + missing);
    check(extra.isEmpty(), where + "lists what is not a runtime dependency " + extra);
  }

  /** The folder of the module whose own artifactId (the first after its parent) is {@code artifactId}. */
  static Path moduleOf(Path sources, String artifactId) throws IOException {
    try (Stream<Path> dirs = Files.list(sources)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
          continue;
        }
        String raw = Files.readString(pom);
        int own = raw.indexOf("<artifactId>", Math.max(raw.indexOf("</parent>"), 0));
        if (own >= 0 && raw.startsWith("<artifactId>" + artifactId + "</artifactId>", own)) {
          return dir;
        }
      }
    }
    return sources.resolve(artifactId);
  }

  /** group:artifact:version of each compile or runtime dependency in a dependency:list output. */
  static Set<String> runtimeDependencies(Path list) throws IOException {
    Set<String> dependencies = new TreeSet<>();
    java.util.regex.Pattern line = java.util.regex.Pattern.compile(
        "^\\s+([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):(compile|runtime)\\b.*");
    for (String text : Files.readAllLines(list)) {
      java.util.regex.Matcher dependency = line.matcher(text);
      if (dependency.matches()) {
        dependencies.add(dependency.group(1) + ":" + dependency.group(2) + ":" + dependency.group(5));
      }
    }
    return dependencies;
  }

  /** Two bundles of one commit: every file the same, but signatures and Maven's metadata. */
  static void compare(Path one, Path other) throws IOException {
    Set<String> files = new TreeSet<>();
    for (Path root : List.of(one, other)) {
      try (Stream<Path> all = Files.walk(root)) {
        all.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
            .filter(name -> !name.contains(".asc") && !name.contains("maven-metadata"))
            .forEach(files::add);
      }
    }
    List<String> differ = new ArrayList<>();
    for (String name : files) {
      Path a = one.resolve(name);
      Path b = other.resolve(name);
      if (!Files.isRegularFile(a) || !Files.isRegularFile(b)) {
        differ.add(name + " (only in " + (Files.isRegularFile(a) ? one : other) + ")");
      } else if (Files.mismatch(a, b) >= 0) {
        differ.add(name);
      }
    }
    if (!differ.isEmpty()) {
      differ.forEach(name -> System.err.println("NOT REPRODUCIBLE: " + name));
      System.exit(1);
    }
    System.out.println("reproducible: " + files.size() + " files byte for byte the same in both builds");
  }

  /** Just enough JSON for an SBOM: objects as maps, arrays as lists, strings, numbers, booleans, null. */
  static final class Json {
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    Object value() {
      skip();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        at++;
        skip();
        if (text.charAt(at) == '}') {
          at++;
          return object;
        }
        while (true) {
          skip();
          String key = string();
          skip();
          expect(':');
          object.put(key, value());
          skip();
          if (text.charAt(at++) == '}') {
            return object;
          }
        }
      }
      if (c == '[') {
        List<Object> array = new ArrayList<>();
        at++;
        skip();
        if (text.charAt(at) == ']') {
          at++;
          return array;
        }
        while (true) {
          array.add(value());
          skip();
          if (text.charAt(at++) == ']') {
            return array;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      int start = at;
      while (at < text.length() && ",]} \n\r\t".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      String word = text.substring(start, at);
      switch (word) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "null":
          return null;
        default:
          return Double.parseDouble(word);
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c == '\\') {
          char escaped = text.charAt(at++);
          switch (escaped) {
            case 'n': out.append('\n'); break;
            case 't': out.append('\t'); break;
            case 'r': out.append('\r'); break;
            case 'b': out.append('\b'); break;
            case 'f': out.append('\f'); break;
            case 'u': out.append((char) Integer.parseInt(text.substring(at, at + 4), 16)); at += 4; break;
            default: out.append(escaped);
          }
        } else {
          out.append(c);
        }
      }
      at++;
      return out.toString();
    }

    private void expect(char c) {
      if (text.charAt(at) != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + at);
      }
      at++;
    }

    private void skip() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
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
