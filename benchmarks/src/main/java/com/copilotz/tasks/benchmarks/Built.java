package com.copilotz.tasks.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the cold-start benchmarks launch: this JVM's {@code java}, and files {@code mvn package}
 * built.
 */
final class Built {
  private Built() {}

  /** The {@code java} of the JVM running the benchmark. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A file {@code mvn package} built in a module's {@code target}, run from the root or from {@code
   * benchmarks}.
   *
   * @param module the module's folder, such as {@code cli}
   * @param glob the file's name, such as {@code copilotz-tasks-cli-*-all.jar}
   */
  static Path file(String module, String glob) throws IOException {
    for (Path folder : new Path[] {Path.of(module, "target"), Path.of("..", module, "target")}) {
      if (Files.isDirectory(folder)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
          for (Path file : files) {
            return file.toAbsolutePath();
          }
        }
      }
    }
    throw new IllegalStateException("no " + module + "/target/" + glob + ": run mvn package");
  }
}
