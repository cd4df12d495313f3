package com.copilotz.tasks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each example runs to the end on the embedded fake server, with no environment set. */
class ExamplesTest {
  @BeforeAll
  static void noRealServerConfigured() {
    Assumptions.assumeFalse(
        ExampleServer.realServerConfigured(), "a real server is configured in the environment");
  }

  interface Main {
    void run(String[] args) throws Exception;
  }

  static String run(Main main, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    return output;
  }

  @Test
  void quickStart() throws Exception {
    assertThat(run(QuickStart::main))
        .contains("Using an embedded fake Copilotz server")
        .contains("Advanced it to step \"Send confirmation email\".")
        .contains("it is completed.")
        .containsPattern("finds 1 task\\(s\\): task \\d+, completed")
        .contains("Done.");
  }

  @Test
  void followTheAgent() throws Exception {
    assertThat(run(FollowTheAgent::main))
        .containsPattern("Created task \\d+ at \"Gather user information\"\\.")
        .containsPattern("watch: task \\d+ is at \"[A-Za-z ]+\" \\((active|completed)\\)")
        .containsPattern(
            "The agent completed task \\d+; its state: \\{email=ana@example.com,"
                + " emailSent=yes, accountId=ACC-1042\\}")
        .containsPattern(
            "watch: task \\d+ is (completed \\(was active\\)|at \"[A-Za-z ]+\" \\(completed\\))");
  }

  @Test
  void confirmationEmailWorker() throws Exception {
    String output = run(ConfirmationEmailWorker::main);
    assertThat(output)
        .contains("The worker owns step \"Send confirmation email\".")
        .containsPattern("Task \\d+ completed; its email: MSG-USER-1-\\d+")
        .containsPattern("Task \\d+ completed; its email: MSG-USER-3-\\d+")
        .contains("The worker advanced 3 task(s)");
    assertThat(output.split("confirmation email sent to ana@example.com", -1)).hasSize(4);
  }

  @Test
  void onboardingWorkflow() throws Exception {
    assertThat(run(OnboardingWorkflow::main))
        .contains("step: Send confirmation email, status: pending")
        .contains("emailConfirmedAt=2026-12-01T10:05:00Z")
        .contains("step: Complete onboarding, status: completed");
  }

  @Test
  void extIdSyncJobReportsAndRerunsWithoutWrites() throws Exception {
    String output = run(ExtIdSyncJob::main);

    assertThat(output)
        .contains("   202 rows read: created 200, updated 0, unchanged 0, failed 2 (200 writes)")
        .contains("   202 rows read: created 0, updated 0, unchanged 200, failed 2 (0 writes)")
        .contains("   line 202 (CRM-0007) failed: extId CRM-0007 appears again")
        .contains("   line 203 (CRM-0201) failed: request.name is required")
        .contains("   202 rows (100% of the file) created=200 updated=0 unchanged=0 failed=2\n")
        .doesNotContain("\r");
  }

  @Test
  void extIdSyncJobSaysWhichFileIsMissingByItsAbsolutePath() throws Exception {
    java.io.PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = ExtIdSyncJob.run(new String[] {"no-such-records.csv"});
    } finally {
      System.setErr(original);
    }

    assertThat(status).isEqualTo(2);
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "no such file: "
                + new File("no-such-records.csv").getAbsolutePath()
                + System.lineSeparator());
  }

  @Test
  void theProgressBarRedrawsOnlyOnATerminal() throws Exception {
    long[] read = {0};
    String plain =
        run(
            args -> {
              ExtIdSyncJob.ProgressBar bar =
                  new ExtIdSyncJob.ProgressBar(() -> read[0], 2000, false);
              for (int done = 1; done <= 20; done++) {
                read[0] = done * 100;
                bar.accept(new com.copilotz.tasks.SyncProgress(done, -1, done, 0, 0, 0));
              }
              bar.finish();
            });
    String terminal =
        run(
            args -> {
              ExtIdSyncJob.ProgressBar bar = new ExtIdSyncJob.ProgressBar(() -> 1000, 2000, true);
              bar.accept(new com.copilotz.tasks.SyncProgress(10, -1, 10, 0, 0, 0));
              bar.finish();
            });

    assertThat(plain.lines())
        .hasSize(10)
        .allSatisfy(
            line ->
                assertThat(line).matches("   \\d+ rows \\(\\d+% of the file\\) created=\\d+ .*"));
    assertThat(plain)
        .doesNotContain("\r")
        .endsWith("   20 rows (100% of the file) created=20 updated=0 unchanged=0 failed=0\n");
    assertThat(terminal)
        .isEqualTo(
            "\r   [###############...............] 10 rows (50% of the file) created=10 updated=0 unchanged=0 failed=0"
                + "\r   [##############################] 10 rows (100% of the file) created=10 updated=0 unchanged=0 failed=0\n");
  }

  @Test
  void extIdSyncJobReadsJsonLinesAndReportsAnUnreadableLineWithoutStopping() throws Exception {
    File file = File.createTempFile("records", ".jsonl");
    file.deleteOnExit();
    java.nio.file.Files.writeString(
        file.toPath(),
        "{\"extId\":\"J-1\",\"name\":\"One\",\"description\":\"d\",\"status\":\"active\",\"context\":{\"k\":1}}\n"
            + "\n{\"extId\":\"J-2\",\"name\":\"Two\",\"description\":\"d\",\"status\":\"pending\"}\n"
            + "{\"extId\":\"J-3\",\"name\": oops}\n"
            + "{\"extId\":\"J-4\",\"name\":\"Four\",\"description\":\"d\",\"status\":\"active\"}\n");

    assertThat(run(ExtIdSyncJob::main, file.getPath()))
        .contains("   4 rows read: created 3, updated 0, unchanged 0, failed 1 (3 writes)")
        .contains("   4 rows read: created 0, updated 0, unchanged 3, failed 1 (0 writes)")
        .containsPattern(
            "   line 4 could not be read: not a JSON record: Unrecognized token 'oops'");
  }

  @Test
  void extIdSyncJobStoppedWhileItSyncsEndsItsLineAndPrintsWhatItDid() throws Exception {
    // A server that answers a few rows, then holds every request until the test ends: the job is
    // mid-sync.
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch heldOne = new java.util.concurrent.CountDownLatch(1);
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.setDispatcher(
          new mockwebserver3.Dispatcher() {
            @Override
            public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request)
                throws InterruptedException {
              if (answered.incrementAndGet() > 6) {
                heldOne.countDown();
                release.await(60, TimeUnit.SECONDS);
              }
              String body =
                  "GET".equals(request.getMethod())
                      ? "{\"data\":[]}"
                      : "{\"_id\":1,\"extId\":\"X\",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\"}";
              return new mockwebserver3.MockResponse.Builder()
                  .setHeader("Content-Type", "application/json")
                  .body(body)
                  .build();
            }
          });
      server.start();
      String javaBin =
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      ProcessBuilder builder =
          new ProcessBuilder(
                  List.of(
                      javaBin,
                      "-cp",
                      System.getProperty("java.class.path"),
                      ExtIdSyncJob.class.getName()))
              .redirectErrorStream(true);
      File log = File.createTempFile("sync-job", ".log");
      log.deleteOnExit();
      builder.redirectOutput(log);
      builder.environment().put("COPILOTZ_BASE_URL", server.url("/").toString());
      builder.environment().put("COPILOTZ_ACCESS_TOKEN", "tk_test");
      Process process = builder.start();
      try {
        assertThat(heldOne.await(45, TimeUnit.SECONDS))
            .as("the job reached the held requests")
            .isTrue();
        process.destroy(); // SIGTERM: the shutdown hooks run, as on Ctrl-C (SIGINT)
        assertThat(process.waitFor(45, TimeUnit.SECONDS)).as("the job stopped").isTrue();
      } finally {
        release.countDown();
        process.destroyForcibly();
      }
      String output = java.nio.file.Files.readString(log.toPath());
      assertThat(output)
          .contains("First sync:")
          .containsPattern(
              "\nStopped after \\d+ rows \\(\\d+% of the file\\) created=\\d+ updated=0 unchanged=0 failed=\\d+\\.\n")
          .contains(
              "Run the job again to finish: it is idempotent, and the rows already synced make no writes.")
          .doesNotContain("Second sync");
    }
  }

  @Test
  void csvKeepsQuotedCommasQuotesAndLineBreaks() throws Exception {
    String csv =
        "extId,name,description,status,note\n"
            + "A-1,\"Call, then write\",\"say \"\"hi\"\"\",active,\"first line\nsecond line\"\n"
            + "A-2,Two,d,pending,\n"
            + "A-3,Three,d,active,\n";
    java.util.List<com.copilotz.tasks.model.CreateTaskRequest> records;
    java.util.List<Long> lines = new java.util.ArrayList<>();
    try (var rows = ExtIdSyncJob.read(new java.io.StringReader(csv), false)) {
      records = rows.stream().collect(java.util.stream.Collectors.toList());
      for (int row = 1; row <= records.size(); row++) {
        lines.add(rows.lineOf(row));
      }
    }

    assertThat(records).hasSize(3);
    assertThat(lines).containsExactly(2L, 4L, 5L);

    assertThat(records.get(0).getName()).isEqualTo("Call, then write");
    assertThat(records.get(0).getDescription()).isEqualTo("say \"hi\"");
    assertThat(records.get(0).getContext()).containsEntry("note", "first line\nsecond line");
    assertThat(records.get(1).getStatus()).isEqualTo(com.copilotz.tasks.model.TaskStatus.PENDING);
    assertThat(records.get(1).getContext()).isNull();
  }

  @Test
  void errorHandlingShowsEachTypedError() throws Exception {
    assertThat(run(ErrorHandling::main))
        .contains(
            "NotFoundException",
            "WorkflowException",
            "AuthenticationException",
            "RateLimitException",
            "InternalServerException",
            "CopilotzIOException",
            "CopilotzTimeoutException",
            "InvalidResponseException")
        .contains("two 503s in a row are ridden out");
  }

  @Test
  void theQuickStartJvmExitsAsSoonAsItIsDone() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                List.of(
                    java, "-cp", System.getProperty("java.class.path"), QuickStart.class.getName()))
            .redirectErrorStream(true)
            .start();

    boolean exited = process.waitFor(45, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(45, TimeUnit.SECONDS);
    }

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).as("exited within 45 s; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output).contains("Done.");
  }
}
