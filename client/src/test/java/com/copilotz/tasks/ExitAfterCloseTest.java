package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OkHttp's dispatcher threads keep a JVM alive for a minute after asynchronous calls unless the client shuts
 * them down: a program that closes its client exits at once.
 */
class ExitAfterCloseTest {
  static Process start(String mode) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    return new ProcessBuilder(
            List.of(java, "-cp", System.getProperty("java.class.path"), ExitAfterCloseMain.class.getName(), mode))
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void aProgramThatClosesItsClientExitsPromptly() throws Exception {
    Process process = start("close");

    boolean exited = process.waitFor(15, TimeUnit.SECONDS);

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).as("exited within 15 s; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output).contains("main returned");
  }

  @Test
  void withoutCloseTheSameProgramLingers() throws Exception {
    Process process = start("leave-open");
    try {
      assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("still running 5 s after main returned").isFalse();
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
