package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout the contributors' guide describes is the layout of the code: every source file of the
 * client is in the table of {@code CONTRIBUTING.md}, every internal package says it is not API, and
 * the module exports the API packages and no internal one (but the one the testing kit needs).
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

  static ModuleDescriptor moduleDescriptor() {
    try (var in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      return ModuleDescriptor.read(in);
    } catch (IOException e) {
      throw new AssertionError("target/classes/module-info.class cannot be read", e);
    }
  }
}
