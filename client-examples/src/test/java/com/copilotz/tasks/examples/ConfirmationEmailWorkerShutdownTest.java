package com.copilotz.tasks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on the worker program: the example runs in a JVM of its own, serving its step; the test
 * sends it SIGINT, as a terminal's Ctrl-C does, and the worker's shutdown hook drains it and says
 * so before the JVM exits.
 */
class ConfirmationEmailWorkerShutdownTest {
  /** Bounds a child that would otherwise hang; it serves after a few seconds and exits at once. */
  static final long DEADLINE_SECONDS = 120;

  @Test
  void ctrlCDrainsTheWorkerAndSaysWhatItFinished(@TempDir Path dir) throws Exception {
    Assumptions.assumeFalse(
        ExampleServer.realServerConfigured(), "a real server is configured in the environment");
    Assumptions.assumeTrue(
        new File("/bin/kill").canExecute() || new File("/usr/bin/kill").canExecute(),
        "a kill command sends the signal");
    Path errors = dir.resolve("stderr.txt");
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ConfirmationEmailWorker.class.getName(),
                    "serve"))
            .redirectError(errors.toFile())
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder printed = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.equals("Serving the step until Ctrl-C.")) {
        printed.append(line).append('\n');
      }
      assertThat(line).as("the program serves its step; it printed:\n" + printed).isNotNull();

      Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start();
      assertThat(kill.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
      assertThat(child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(child.exitValue()).as("the exit status of a JVM ended by SIGINT").isEqualTo(130);
    String logged = read(errors);
    assertThat(logged)
        .containsPattern(
            "INFO com\\.copilotz\\.tasks\\.worker: The JVM is shutting down: the StepWorker of"
                + " step \\d+ drains")
        .containsPattern(
            "INFO com\\.copilotz\\.tasks\\.worker: A StepWorker of step \\d+ closed; it handled 3"
                + " task\\(s\\) \\(advanced 3\\)");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
