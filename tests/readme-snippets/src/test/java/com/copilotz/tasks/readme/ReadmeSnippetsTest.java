package com.copilotz.tasks.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README and of the guides in {@code docs/} compiles, as the
 * README says a snippet may be written: a whole class stands alone; a shorter snippet runs in a
 * method with a {@code TasksClient client} and a {@code long taskId} at hand. Both get the same
 * on-demand imports (the SDK's packages and the JDK's {@code java.util}, {@code java.time}, {@code
 * java.util.concurrent} and {@code java.util.stream}). A snippet that does not compile fails the
 * test with the file and line of each error.
 *
 * <p>Every version a code block names is one the root {@code pom.xml} builds with (versions live in
 * one place), the SDK's own artifacts carry no version but the BOM's, and the README's complete
 * {@code pom.xml} is the one {@code tests/bom-consumer} builds.
 */
class ReadmeSnippetsTest {
  private static final String IMPORTS =
      "import com.copilotz.tasks.*;\n"
          + "import com.copilotz.tasks.model.*;\n"
          + "import com.copilotz.tasks.errors.*;\n"
          + "import java.util.*;\n"
          + "import java.time.*;\n"
          + "import java.util.concurrent.*;\n"
          + "import java.util.stream.*;\n";

  /**
   * A snippet that declares a class (or starts with its imports or an annotation) is a whole
   * compilation unit.
   */
  private static final Pattern WHOLE_CLASS =
      Pattern.compile(
          "^(import |package |@|(public |final |abstract )*(class|record|interface|enum) )");

  /** A version as a build names one: three numbers, and maybe {@code -SNAPSHOT}. */
  private static final Pattern VERSION =
      Pattern.compile("(?<![\\w.])\\d+\\.\\d+\\.\\d+(?:-SNAPSHOT)?(?![\\w.]*\\d)");

  /** One fenced code block: its file, where it starts, its language and its lines. */
  record Block(String file, int firstLine, String language, List<String> lines) {}

  /** One Java snippet: its number, its block, and whether it is a whole class. */
  record Snippet(int number, Block block, boolean wholeClass) {
    /** The Java source it is compiled as. */
    String source() {
      String body = String.join("\n", block.lines());
      String header = "package readme.snippet" + number + ";\n" + IMPORTS;
      if (wholeClass) {
        return header + body + "\n";
      }
      return header
          + "class Snippet {\n  TasksClient client;\n  long taskId;\n\n  void example() throws Exception {\n"
          + body
          + "\n  }\n}\n";
    }

    /** How many lines of {@link #source()} come before the block's first. */
    int linesBefore() {
      return wholeClass ? IMPORTS.split("\n").length + 1 : IMPORTS.split("\n").length + 1 + 5;
    }
  }

  static List<Block> blocks(String file, List<String> text) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      String fence = text.get(i).trim();
      if (!fence.startsWith("```") || fence.length() == 3) {
        continue;
      }
      int first = i + 2;
      List<String> lines = new ArrayList<>();
      for (i++; i < text.size() && !text.get(i).trim().startsWith("```"); i++) {
        lines.add(text.get(i));
      }
      blocks.add(new Block(file, first, fence.substring(3).trim(), lines));
    }
    return blocks;
  }

  static List<Snippet> snippets(List<Block> blocks) {
    List<Snippet> snippets = new ArrayList<>();
    for (Block block : blocks) {
      if (!block.language().equals("java")) {
        continue;
      }
      String firstCode =
          block.lines().stream()
              .map(String::trim)
              .filter(line -> !line.isEmpty() && !line.startsWith("//"))
              .findFirst()
              .orElse("");
      snippets.add(new Snippet(snippets.size() + 1, block, WHOLE_CLASS.matcher(firstCode).find()));
    }
    return snippets;
  }

  /** The README's blocks, then each guide's. */
  static List<Block> allBlocks() throws IOException {
    List<Block> blocks = new ArrayList<>();
    Path readme = Path.of(System.getProperty("readme", "../../README.md"));
    blocks.addAll(blocks("README.md", Files.readAllLines(readme, StandardCharsets.UTF_8)));
    Path docs = Path.of(System.getProperty("docs.directory", "../../docs"));
    List<Path> guides;
    try (Stream<Path> files = Files.list(docs)) {
      guides = files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
    }
    for (Path guide : guides) {
      blocks.addAll(
          blocks("docs/" + guide.getFileName(), Files.readAllLines(guide, StandardCharsets.UTF_8)));
    }
    return blocks;
  }

  @Test
  void everyJavaSnippetOfTheReadmeAndTheGuidesCompiles() throws IOException {
    List<Snippet> snippets = snippets(allBlocks());
    assertThat(snippets).as("the README and the guides have Java snippets").hasSizeGreaterThan(20);
    assertThat(snippets.stream().filter(snippet -> snippet.block().file().equals("README.md")))
        .as("the README's own")
        .hasSizeGreaterThanOrEqualTo(4);

    Path directory = Path.of(System.getProperty("snippets.directory", "target/readme-snippets"));
    Path sources = directory.resolve("src");
    Path classes = directory.resolve("classes");
    Files.createDirectories(classes);
    List<File> files = new ArrayList<>();
    for (Snippet snippet : snippets) {
      Path file = sources.resolve("readme/snippet" + snippet.number() + "/Snippet.java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, snippet.source(), StandardCharsets.UTF_8);
      files.add(file.toFile());
    }

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean compiled;
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      compiled =
          compiler
              .getTask(
                  null,
                  fileManager,
                  diagnostics,
                  List.of(
                      "--release",
                      "17",
                      "-proc:none",
                      "-classpath",
                      classPath,
                      "-d",
                      classes.toString()),
                  null,
                  fileManager.getJavaFileObjectsFromFiles(files))
              .call();
    }

    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String name = diagnostic.getSource() == null ? "" : diagnostic.getSource().getName();
      Snippet snippet =
          snippets.stream()
              .filter(s -> name.contains("snippet" + s.number() + File.separator))
              .findFirst()
              .orElse(null);
      String where =
          snippet == null
              ? "?"
              : snippet.block().file()
                  + ":"
                  + (snippet.block().firstLine()
                      + diagnostic.getLineNumber()
                      - 1
                      - snippet.linesBefore());
      errors.add(where + ": " + diagnostic.getMessage(Locale.ROOT));
    }
    assertThat(errors).as("compile errors in the snippets").isEmpty();
    assertThat(compiled).isTrue();
  }

  @Test
  void everyVersionACodeBlockNamesIsTheBuildsOwn() throws IOException {
    Set<String> known = versionsOfTheBuild();
    assertThat(known).contains(System.getProperty("sdk.version"));

    List<String> strangers = new ArrayList<>();
    for (Block block : allBlocks()) {
      for (int i = 0; i < block.lines().size(); i++) {
        Matcher version = VERSION.matcher(block.lines().get(i));
        while (version.find()) {
          if (!known.contains(version.group())) {
            strangers.add(block.file() + ":" + (block.firstLine() + i) + ": " + version.group());
          }
        }
      }
    }
    assertThat(strangers)
        .as("versions in code blocks that the root pom.xml does not build with")
        .isEmpty();
  }

  @Test
  void onlyTheBomNamesTheSdksVersion() throws IOException {
    Pattern sdkDependency =
        Pattern.compile(
            "<groupId>com\\.copilotz</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>");
    List<String> versioned = new ArrayList<>();
    for (Block block : allBlocks()) {
      Matcher dependency = sdkDependency.matcher(String.join("\n", block.lines()));
      while (dependency.find()) {
        if (!dependency.group(1).equals("copilotz-tasks-bom")) {
          versioned.add(block.file() + ":" + block.firstLine() + ": " + dependency.group(1));
        }
      }
    }
    assertThat(versioned).as("SDK artifacts given a version of their own").isEmpty();
  }

  @Test
  void theReadmesPomIsTheOneTheBomConsumerTestBuilds() throws IOException {
    List<Block> poms =
        allBlocks().stream()
            .filter(block -> block.file().equals("README.md") && block.language().equals("xml"))
            .filter(
                block -> !block.lines().isEmpty() && block.lines().get(0).startsWith("<project"))
            .toList();
    assertThat(poms).as("the README's complete pom.xml").hasSize(1);
    String consumer =
        Files.readString(Path.of(System.getProperty("readme.consumer.pom")), StandardCharsets.UTF_8)
            .replace("@sdk.version@", System.getProperty("sdk.version"));

    assertThat(normalized(consumer)).isEqualTo(normalized(String.join("\n", poms.get(0).lines())));
  }

  /** The XML without its declaration and comments, each line without trailing spaces. */
  private static String normalized(String xml) {
    String text = xml.replaceAll("(?s)<\\?xml.*?\\?>", "").replaceAll("(?s)<!--.*?-->", "").strip();
    return String.join(
        "\n", text.lines().map(String::stripTrailing).filter(line -> !line.isBlank()).toList());
  }

  /** Every version the root pom.xml names: in a version element, or as a property's value. */
  private static Set<String> versionsOfTheBuild() throws IOException {
    String pom =
        Files.readString(
            Path.of(System.getProperty("root.pom", "../../pom.xml")), StandardCharsets.UTF_8);
    Set<String> versions = new TreeSet<>();
    Matcher value = Pattern.compile(">\\s*([^<>${}\\s]+)\\s*</").matcher(pom);
    while (value.find()) {
      if (VERSION.matcher(value.group(1)).matches()) {
        versions.add(value.group(1));
      }
    }
    return versions;
  }

  @Test
  void everyLinkOfTheReadmeAndTheGuidesLeadsSomewhere() throws IOException {
    Path readme = Path.of(System.getProperty("readme", "../../README.md"));
    List<Path> documents = new ArrayList<>(List.of(readme));
    try (Stream<Path> files =
        Files.list(Path.of(System.getProperty("docs.directory", "../../docs")))) {
      files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      String text = withoutCodeBlocks(Files.readString(document, StandardCharsets.UTF_8));
      Matcher found = link.matcher(text);
      while (found.find()) {
        String target = found.group(1);
        if (target.startsWith("http://") || target.startsWith("https://")) {
          continue;
        }
        String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
        Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
          broken.add(document.getFileName() + ": " + target + " (no such file)");
        } else if (!anchor.isEmpty() && !anchors(file).contains(anchor)) {
          broken.add(document.getFileName() + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("links that lead nowhere").isEmpty();
  }

  /** The anchors GitHub makes of a Markdown file's headings. */
  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new TreeSet<>();
    for (String line :
        withoutCodeBlocks(Files.readString(file, StandardCharsets.UTF_8)).split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }

  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?ms)^\\s*```.*?^\\s*```", "");
  }

  @Test
  void aSnippetIsAWholeClassOrAFragment() {
    List<Snippet> snippets =
        snippets(
            blocks(
                "README.md",
                List.of(
                    "text",
                    "```java",
                    "@ExtendWith(X.class)",
                    "class A {}",
                    "```",
                    "",
                    "```java",
                    "// a comment",
                    "client.getTask(taskId);",
                    "```",
                    "```shell",
                    "mvn",
                    "```")));

    assertThat(snippets).extracting(Snippet::wholeClass).containsExactly(true, false);
    assertThat(snippets).extracting(s -> s.block().firstLine()).containsExactly(3, 8);
    assertThat(snippets.get(1).source())
        .contains(
            "  void example() throws Exception {\n// a comment\nclient.getTask(taskId);\n  }");
  }

  @Test
  void aVersionIsThreeNumbersAndMaybeASnapshot() {
    List<String> found = new ArrayList<>();
    Matcher version =
        VERSION.matcher(
            "<version>0.1.0-SNAPSHOT</version> okhttp-bom:5.5.1 127.0.0.1 v1.2 at 21:26:06.123");
    while (version.find()) {
      found.add(version.group());
    }
    assertThat(found).containsExactly("0.1.0-SNAPSHOT", "5.5.1");
  }
}
