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
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README compiles, as the README says a snippet may be written:
 * a whole class stands alone; a shorter snippet runs in a method with a {@code TasksClient client}
 * and a {@code long taskId} at hand. Both get the same on-demand imports (the SDK's packages and
 * the JDK's {@code java.util}, {@code java.time}, {@code java.util.concurrent} and {@code
 * java.util.stream}). A snippet that does not compile fails the test with the README line of each
 * error.
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

  /** One snippet: where it starts in the README, and its lines. */
  record Snippet(int number, int firstLine, List<String> lines, boolean wholeClass) {
    /** The Java source it is compiled as, and how many lines come before the snippet's first. */
    String source() {
      String body = String.join("\n", lines);
      String header = "package readme.snippet" + number + ";\n" + IMPORTS;
      if (wholeClass) {
        return header + body + "\n";
      }
      return header
          + "class Snippet {\n  TasksClient client;\n  long taskId;\n\n  void example() throws Exception {\n"
          + body
          + "\n  }\n}\n";
    }

    int linesBefore() {
      return wholeClass ? IMPORTS.split("\n").length + 1 : IMPORTS.split("\n").length + 1 + 5;
    }
  }

  static List<Snippet> snippets(List<String> readme) {
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (!readme.get(i).trim().equals("```java")) {
        continue;
      }
      int first = i + 2;
      List<String> lines = new ArrayList<>();
      for (i++; i < readme.size() && !readme.get(i).trim().startsWith("```"); i++) {
        lines.add(readme.get(i));
      }
      String firstCode =
          lines.stream()
              .map(String::trim)
              .filter(line -> !line.isEmpty() && !line.startsWith("//"))
              .findFirst()
              .orElse("");
      snippets.add(
          new Snippet(snippets.size() + 1, first, lines, WHOLE_CLASS.matcher(firstCode).find()));
    }
    return snippets;
  }

  @Test
  void everyJavaSnippetOfTheReadmeCompiles() throws IOException {
    Path readme = Path.of(System.getProperty("readme", "../README.md"));
    List<Snippet> snippets = snippets(Files.readAllLines(readme, StandardCharsets.UTF_8));
    assertThat(snippets).as("the README has Java snippets").hasSizeGreaterThan(10);

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
      long line =
          snippet == null
              ? -1
              : snippet.firstLine() + diagnostic.getLineNumber() - 1 - snippet.linesBefore();
      errors.add("README.md:" + line + ": " + diagnostic.getMessage(Locale.ROOT));
    }
    assertThat(errors).as("compile errors in the README's snippets").isEmpty();
    assertThat(compiled).isTrue();
  }

  @Test
  void aSnippetIsAWholeClassOrAFragment() {
    List<Snippet> snippets =
        snippets(
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
                "```"));

    assertThat(snippets).extracting(Snippet::wholeClass).containsExactly(true, false);
    assertThat(snippets).extracting(Snippet::firstLine).containsExactly(3, 8);
    assertThat(snippets.get(1).source())
        .contains(
            "  void example() throws Exception {\n// a comment\nclient.getTask(taskId);\n  }");
  }
}
