package com.copilotz.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution archive: unpacked, its launcher runs the command. */
class DistributionIT {
  @TempDir Path folder;

  @Test
  void theLauncherOfTheUnpackedArchiveRunsTheCommand() throws Exception {
    assertThat(run(folder, "tar", "xzf", System.getProperty("cli.dist")).exit).isZero();
    Path launcher;
    try (var entries = Files.list(folder)) {
      launcher = entries.findFirst().orElseThrow().resolve("bin/copilotz-tasks");
    }
    assertThat(Files.isExecutable(launcher)).isTrue();

    Result version = run(folder, launcher.toString(), "--version");
    Result unknown = run(folder, launcher.toString(), "frobnicate");

    assertThat(version.exit).isZero();
    assertThat(version.output).startsWith("copilotz-tasks ");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.output)
        .startsWith("copilotz-tasks: Unmatched argument at index 0: 'frobnicate'");
  }

  private record Result(int exit, String output) {}

  private static Result run(Path folder, String... command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    process.getInputStream().transferTo(output);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
  }
}
