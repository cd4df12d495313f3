package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged standalone jar runs with {@code java -jar}, alone, and serves a client. */
class StandaloneJarIT {
  @Test
  void theStandaloneJarServesAClient() throws Exception {
    File jar = new File(System.getProperty("standalone.jar"));
    assertThat(jar).isFile();
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-jar",
                    jar.getPath(),
                    "--port",
                    "0",
                    "--token",
                    "tk_jar",
                    "--workflow",
                    "Support:Triage,Fix"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines =
          CompletableFuture.supplyAsync(
                  () -> {
                    List<String> read = new ArrayList<>();
                    output
                        .lines()
                        .takeWhile(line -> read.add(line) && !line.startsWith("workflow"))
                        .forEach(line -> {});
                    return read;
                  })
              .get(60, TimeUnit.SECONDS);

      assertThat(lines.get(0))
          .matches("FakeCopilotzServer listening on http://(localhost|127\\.0\\.0\\.1):\\d+/");
      assertThat(lines).contains("token: tk_jar", "workflow 1 \"Support\": steps [1, 2]");
      String baseUrl = lines.get(0).substring("FakeCopilotzServer listening on ".length());
      try (TasksClient client =
          TasksClient.builder().baseUrl(baseUrl).accessToken("tk_jar").build()) {
        Task task =
            client.createTask(
                new CreateTaskRequest()
                    .extId("JAR-1")
                    .workflow(1L)
                    .currentStep(1L)
                    .status(TaskStatus.ACTIVE)
                    .name("From another process")
                    .description("d"));
        assertThat(client.advance(task.getId()).getCurrentStep()).isEqualTo(2L);
      }
    } finally {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    }
  }

  @Test
  void aPortInUseExitsWithStatusTwoAndAMessageNotAStackTrace() throws Exception {
    File jar = new File(System.getProperty("standalone.jar"));
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String port = String.valueOf(taken.getLocalPort());
      Process process =
          new ProcessBuilder(List.of(java, "-jar", jar.getPath(), "--port", port))
              .redirectErrorStream(true)
              .start();
      String output =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return new String(
                          process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .get(60, TimeUnit.SECONDS);

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(output)
          .startsWith(
              "--port "
                  + port
                  + " is already in use on 127.0.0.1: choose another port, or --port 0 for a free one")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }
}
