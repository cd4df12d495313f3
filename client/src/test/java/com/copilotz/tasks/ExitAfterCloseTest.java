package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OkHttp's dispatcher threads keep a JVM alive for a minute after asynchronous calls unless the
 * client shuts them down: a program that closes its client exits at once.
 */
class ExitAfterCloseTest {
  /**
   * Far more than the child needs on a busy machine (a few seconds), and still less than the minute
   * that OkHttp's idle dispatcher threads would keep it alive without close.
   */
  static final long EXIT_DEADLINE_SECONDS = 45;

  static Process start(String mode) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ExitAfterCloseMain.class.getName(),
                mode))
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void aProgramThatClosesItsClientExitsPromptly() throws Exception {
    Process process = start("close");
    try {
      boolean exited = process.waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);

      String output =
          exited ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
      assertThat(exited).as("exited within %d s", EXIT_DEADLINE_SECONDS).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("main returned");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void withoutCloseTheDispatcherThreadsOutliveMain() throws Exception {
    Process process = start("leave-open");
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String threads =
          CompletableFuture.supplyAsync(
                  () ->
                      output
                          .lines()
                          .filter(line -> line.startsWith(ExitAfterCloseMain.THREADS_LINE))
                          .findFirst()
                          .orElse("no such line"))
              .get(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);

      // These threads keep the JVM running after main returns, for a minute of idleness.
      assertThat(threads).startsWith(ExitAfterCloseMain.THREADS_LINE).contains("OkHttp Dispatcher");
    } finally {
      process.destroyForcibly().waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }
}
