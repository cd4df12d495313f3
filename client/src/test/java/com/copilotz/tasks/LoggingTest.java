package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.UpdateTaskRequest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client logs through System.Logger (java.util.logging here), and what it never logs. */
class LoggingTest {
  @StartStop final MockWebServer server = Wire.server();
  final Logger julLogger = Logger.getLogger("com.copilotz.tasks");
  final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  final List<Level> levels = Collections.synchronizedList(new ArrayList<>());
  final Handler capture =
      new Handler() {
        final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          lines.add(formatter.formatMessage(record));
          levels.add(record.getLevel());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  Level previousLevel;

  @BeforeEach
  void capture() {
    previousLevel = julLogger.getLevel();
    julLogger.setLevel(Level.ALL);
    julLogger.addHandler(capture);
  }

  @AfterEach
  void release() {
    julLogger.removeHandler(capture);
    julLogger.setLevel(previousLevel);
  }

  TasksClient client(LogLevel level) {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .credentials("alice", "s3cret-password", "acme")
        .logLevel(level)
        .sleeper(d -> {})
        .build();
  }

  String all() {
    return String.join("\n", lines);
  }

  @Test
  void nothingIsLoggedByDefault() {
    server.enqueue(json("{\"accessToken\":\"tk_secret\"}"));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials("alice", "pw", "acme")
            .build()) {
      client.getTask(7);
    }
    assertThat(lines).isEmpty();
  }

  @Test
  void infoLogsOneLinePerAttemptWithoutHeadersOrBodies() {
    server.enqueue(json("{\"accessToken\":\"tk_secret\"}"));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client(LogLevel.INFO)) {
      client.getTask(7);
    }
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("POST /api/auth/login -> 200 \\(\\d+ ms\\)");
    assertThat(lines.get(1)).matches("GET /rest/tasks/7 -> 200 \\(\\d+ ms\\)");
    assertThat(levels).containsOnly(Level.INFO);
  }

  @Test
  void debugLogsHeadersBodiesAndRetriesButNeverSecrets() {
    server.enqueue(json("{\"accessToken\":\"tk_secret\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"));
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Set-Cookie", "session=cookie-secret")
            .build());
    server.enqueue(Wire.dated(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    try (TasksClient client = client(LogLevel.DEBUG)) {
      client.updateTask(7, new UpdateTaskRequest().context(Map.of("note", "hello")));
    }
    String log = all();
    assertThat(log)
        .contains("--> PUT /rest/tasks/7")
        .contains("{\"context\":{\"note\":\"hello\"}}")
        .contains("Authorization: ██")
        .contains("Set-Cookie: ██")
        .contains("(login body redacted)")
        .containsPattern("Retrying PUT /rest/tasks/7 in \\d+ ms after HTTP 503 \\(retry 1 of 2\\)")
        .contains("\"extId\":\"SUPPORT_56789\"")
        .doesNotContain("tk_secret")
        .doesNotContain("s3cret-password")
        .doesNotContain("cookie-secret");
    assertThat(levels).contains(Level.FINE);
  }

  @Test
  void debugCutsLongBodies() {
    String huge = "{\"_id\":7,\"description\":\"" + "x".repeat(10_000) + "\"}";
    server.enqueue(json("{\"accessToken\":\"tk_secret\"}"));
    server.enqueue(json(huge));
    try (TasksClient client = client(LogLevel.DEBUG)) {
      client.getTask(7);
    }
    assertThat(all()).contains("… (cut at 4096 bytes)").doesNotContain("x".repeat(5000));
  }

  @Test
  void aTokenAndCredentialsInTheEnvironmentSayWhichWins() {
    TasksClient.Builder builder =
        TasksClient.builder()
            .environment(
                Map.of(
                    "COPILOTZ_ACCESS_TOKEN", "tk_env_secret",
                    "COPILOTZ_USERNAME", "alice",
                    "COPILOTZ_PASSWORD", "s3cret-password",
                    "COPILOTZ_NAMESPACE", "acme"));

    assertThat(lines)
        .containsExactly(
            "COPILOTZ_ACCESS_TOKEN is set, so it is used; COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE are ignored");
    assertThat(levels).containsExactly(Level.INFO);
    try (TasksClient client = builder.baseUrl(server.url("/").toString()).build()) {
      assertThat(client.toString()).contains("auth=access token");
    }
  }

  @Test
  void copilotzLogTurnsLoggingOn() {
    server.enqueue(json(TASK_JSON));
    try (TasksClient client =
        TasksClient.builder()
            .environment(
                Map.of(
                    "COPILOTZ_BASE_URL", server.url("/").toString(),
                    "COPILOTZ_ACCESS_TOKEN", "tk_env_secret",
                    "COPILOTZ_LOG", "debug"))
            .build()) {
      client.getTask(7);
    }
    assertThat(all()).contains("GET /rest/tasks/7 -> 200").doesNotContain("tk_env_secret");
    assertThatThrownBy(() -> TasksClient.builder().environment(Map.of("COPILOTZ_LOG", "loud")))
        .hasMessage("COPILOTZ_LOG must be off, info or debug, was loud");
  }

  @Test
  void everyRecordIsOneLineOnTheLoggerOfItsConcern() {
    List<String> names = Collections.synchronizedList(new ArrayList<>());
    List<String> sources = Collections.synchronizedList(new ArrayList<>());
    Handler where =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            names.add(record.getLoggerName());
            sources.add(record.getSourceClassName());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    julLogger.addHandler(where);
    try {
      server.enqueue(json("{\"accessToken\":\"tk_secret\"}"));
      server.enqueue(
          new MockResponse.Builder()
              .code(503)
              .setHeader("Content-Type", "text/html")
              .body("<html>\n<title>busy</title>\n</html>")
              .build());
      server.enqueue(Wire.dated(TASK_JSON));
      server.enqueue(json(TASK_JSON));
      try (TasksClient client = client(LogLevel.DEBUG)) {
        client.updateTask(7, new UpdateTaskRequest().context(Map.of("flag", false)));
      }
    } finally {
      julLogger.removeHandler(where);
    }

    assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r"));
    assertThat(all()).contains("<html>\\n<title>busy</title>\\n</html>");
    assertThat(names).contains("com.copilotz.tasks.http", "com.copilotz.tasks.data");
    assertThat(names).allSatisfy(name -> assertThat(name).startsWith("com.copilotz.tasks."));
    // The record's source is its logger, never one of the SDK's classes.
    assertThat(sources).isEqualTo(names);
  }

  @Test
  void onTheJdksOwnLoggingEachRecordIsPrintedOnOneLine() throws Exception {
    List<String> ours = childLines();

    assertThat(ours)
        .hasSize(3)
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO"
                            + " com\\.copilotz\\.tasks\\.http: GET /rest/tasks/7 -> 200"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(" WARNING com.copilotz.tasks.data: context key \"flag\""));
    assertThat(String.join("\n", ours)).doesNotContain("tk_logging_secret", "SdkLog", "internal");
  }

  @Test
  void aJdkLoggingConfigurationOfTheUsersIsUsedAsItIs() throws Exception {
    List<String> ours =
        childLines("-Djava.util.logging.SimpleFormatter.format=%4$s|%2$s|%3$s|%5$s%n");

    assertThat(ours)
        .contains("INFO|com.copilotz.tasks.http|com.copilotz.tasks.http|PUT /rest/tasks/7 -> 200")
        .anySatisfy(
            line -> assertThat(line).startsWith("WARNING|com.copilotz.tasks.data|com.copilotz"));
  }

  /** What a child JVM running {@link LoggingMain} printed on the SDK's loggers, its times cut. */
  private static List<String> childLines(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Duser.language=en");
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), LoggingMain.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // A deadline that only bounds a child that would otherwise hang; its output is a few lines.
      assertThat(process.waitFor(ExitAfterCloseTest.EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS))
          .isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("main returned");
      List<String> ours = new ArrayList<>();
      for (String line : output.split("\\R")) {
        if (line.contains("com.copilotz.tasks")) {
          ours.add(line.replaceFirst(" \\(\\d+ ms\\)$", ""));
        }
      }
      return ours;
    } finally {
      process.destroyForcibly();
    }
  }
}
