package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout the contributors' guide describes is the layout of the code: every source file of the
 * client is in the table of {@code CONTRIBUTING.md}, every internal package says it is not API, the
 * module exports the API packages and no internal one (but the one the testing kit needs), and no
 * two types of different packages depend on each other.
 */
class LayoutTest {
  static final Path SOURCES = Path.of("src/main/java/com/copilotz/tasks");
  static final Path GUIDE = Path.of("../CONTRIBUTING.md");

  static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void everySourceFileIsInTheTableOfHowTheCodeIsLaidOut() throws IOException {
    String guide = Files.readString(GUIDE);
    String table =
        guide.substring(
            guide.indexOf("## How the code is laid out"), guide.indexOf("A call goes:"));
    List<String> missing =
        sources().stream()
            .map(file -> file.getFileName().toString().replace(".java", ""))
            .filter(name -> !name.equals("package-info"))
            // The exceptions are listed together, as CopilotzException and its subclasses.
            .filter(name -> !SOURCES.resolve("errors/" + name + ".java").toFile().exists())
            .filter(name -> !table.contains("`" + name + "`"))
            .toList();

    assertThat(missing).as("files missing from CONTRIBUTING.md's layout table").isEmpty();
    assertThat(table).contains("`CopilotzException` and its subclasses");
  }

  @Test
  void everyInternalPackageSaysItIsNotApi() throws IOException {
    Set<Path> internalPackages =
        sources().stream()
            .map(Path::getParent)
            .filter(dir -> SOURCES.relativize(dir).startsWith("internal"))
            .collect(Collectors.toSet());

    assertThat(internalPackages).hasSizeGreaterThanOrEqualTo(7);
    for (Path dir : internalPackages) {
      Path info = dir.resolve("package-info.java");
      assertThat(info).as(dir.toString()).exists();
      assertThat(Files.readString(info)).as(info.toString()).contains("Not API");
    }
  }

  @Test
  void theModuleExportsTheApiAndNoInternalPackageToEveryone() {
    ModuleDescriptor descriptor = moduleDescriptor();

    Set<String> exportedToAll =
        descriptor.exports().stream()
            .filter(export -> !export.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    assertThat(exportedToAll)
        .containsExactlyInAnyOrder(
            "com.copilotz.tasks", "com.copilotz.tasks.errors", "com.copilotz.tasks.model");
    assertThat(
            descriptor.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .map(export -> export.source() + " to " + export.targets()))
        .containsExactly("com.copilotz.tasks.internal.http to [com.copilotz.tasks.testing]");
  }

  /**
   * No import cycle between packages: among the client's top-level types (a nested type counts as
   * the type it is in), no two in different packages depend on each other, directly or through
   * others. Read from the compiled classes: every type a class file names (its constant pool,
   * descriptors and signatures).
   */
  @Test
  void noTwoTypesOfDifferentPackagesDependOnEachOther() throws IOException {
    Map<String, Set<String>> uses = typeGraph(Path.of("target/classes"));
    assertThat(uses).hasSizeGreaterThan(100);

    List<Set<String>> crossing =
        stronglyConnected(uses).stream()
            .filter(cycle -> cycle.stream().map(LayoutTest::packageOf).distinct().count() > 1)
            .toList();

    assertThat(crossing).as("cycles between packages").isEmpty();
  }

  @Test
  void theCycleCheckFindsACycleBetweenPackages() {
    Map<String, Set<String>> uses =
        Map.of(
            "a/Facade", Set.of("a/internal/Loop"),
            "a/internal/Loop", Set.of("a/Facade$Result", "a/Value"),
            "a/Value", Set.of());

    List<Set<String>> cycles = stronglyConnected(collapsed(uses));

    assertThat(cycles).containsExactly(Set.of("a/Facade", "a/internal/Loop"));
  }

  private static final Pattern TYPE_NAME = Pattern.compile("com/copilotz/tasks/[A-Za-z0-9_/$]+");

  /** Each top-level type of {@code classes}, and the top-level types of the client it names. */
  static Map<String, Set<String>> typeGraph(Path classes) throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/').replace(".class", "");
        if (name.endsWith("module-info") || name.endsWith("package-info")) {
          continue;
        }
        // Class names in a class file are in its constant pool as modified UTF-8, which is ASCII
        // for these names.
        Matcher named =
            TYPE_NAME.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        Set<String> names = uses.computeIfAbsent(topLevel(name), key -> new TreeSet<>());
        while (named.find()) {
          names.add(named.group());
        }
      }
    }
    return collapsed(uses);
  }

  /** The graph of top-level types: nested types folded into theirs, no type naming itself. */
  static Map<String, Set<String>> collapsed(Map<String, Set<String>> uses) {
    Map<String, Set<String>> graph = new TreeMap<>();
    uses.forEach(
        (type, named) -> {
          Set<String> edges = graph.computeIfAbsent(topLevel(type), key -> new TreeSet<>());
          named.stream().map(LayoutTest::topLevel).forEach(edges::add);
        });
    graph.forEach((type, edges) -> edges.retainAll(graph.keySet()));
    graph.forEach((type, edges) -> edges.remove(type));
    return graph;
  }

  static String topLevel(String type) {
    int nested = type.indexOf('$');
    return nested < 0 ? type : type.substring(0, nested);
  }

  static String packageOf(String type) {
    return type.substring(0, type.lastIndexOf('/'));
  }

  /** The strongly connected components of more than one type (Tarjan's algorithm). */
  static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> components = new ArrayList<>();
    for (String start : graph.keySet()) {
      if (!index.containsKey(start)) {
        connect(start, graph, index, low, stack, onStack, components);
      }
    }
    return components;
  }

  private static void connect(
      String type,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> components) {
    index.put(type, index.size());
    low.put(type, index.get(type));
    stack.push(type);
    onStack.add(type);
    for (String next : graph.getOrDefault(type, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, onStack, components);
        low.put(type, Math.min(low.get(type), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(type, Math.min(low.get(type), index.get(next)));
      }
    }
    if (low.get(type).equals(index.get(type))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(type));
      if (component.size() > 1) {
        components.add(component);
      }
    }
  }

  static ModuleDescriptor moduleDescriptor() {
    try (var in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      return ModuleDescriptor.read(in);
    } catch (IOException e) {
      throw new AssertionError("target/classes/module-info.class cannot be read", e);
    }
  }
}
