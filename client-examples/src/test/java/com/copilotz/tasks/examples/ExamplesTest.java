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
    Assumptions.assumeFalse(ExampleServer.realServerConfigured(), "a real server is configured in the environment");
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
        .contains("Read 202 records.")
        .contains("created 200, updated 0, unchanged 0, failed 2 (200 writes)")
        .contains("created 0, updated 0, unchanged 200, failed 2 (0 writes)")
        .contains("row 201 (CRM-0007) failed: extId CRM-0007 appears again")
        .contains("row 202 (CRM-0201) failed: request.name is required")
        .contains("   202/202 created=200 updated=0 unchanged=0 failed=2\n")
        .doesNotContain("\r");
  }

  @Test
  void extIdSyncJobSaysWhichFileIsMissing() throws Exception {
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
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("no such file: no-such-records.csv" + System.lineSeparator());
  }

  @Test
  void theProgressBarRedrawsOnlyOnATerminal() throws Exception {
    String plain = run(args -> {
      ExtIdSyncJob.ProgressBar bar = new ExtIdSyncJob.ProgressBar(20, false);
      for (int done = 1; done <= 20; done++) {
        bar.accept(new com.copilotz.tasks.SyncProgress(done, -1, done, 0, 0, 0));
      }
    });
    String terminal = run(args -> new ExtIdSyncJob.ProgressBar(20, true)
        .accept(new com.copilotz.tasks.SyncProgress(20, 20, 20, 0, 0, 0)));

    assertThat(plain.lines()).hasSize(10).allSatisfy(line -> assertThat(line).matches("   \\d+/20 created=\\d+ .*"));
    assertThat(plain).doesNotContain("\r").endsWith("   20/20 created=20 updated=0 unchanged=0 failed=0\n");
    assertThat(terminal).isEqualTo("\r   [##############################] 20/20 created=20 updated=0 unchanged=0 failed=0\n");
  }

  @Test
  void extIdSyncJobReadsJsonLines() throws Exception {
    File file = File.createTempFile("records", ".jsonl");
    file.deleteOnExit();
    java.nio.file.Files.writeString(file.toPath(),
        "{\"extId\":\"J-1\",\"name\":\"One\",\"description\":\"d\",\"status\":\"active\",\"context\":{\"k\":1}}\n"
            + "\n{\"extId\":\"J-2\",\"name\":\"Two\",\"description\":\"d\",\"status\":\"pending\"}\n");

    assertThat(run(ExtIdSyncJob::main, file.getPath()))
        .contains("Read 2 records.")
        .contains("created 2, updated 0, unchanged 0, failed 0");
  }

  @Test
  void csvKeepsQuotedCommasQuotesAndLineBreaks() throws Exception {
    String csv = "extId,name,description,status,note\n"
        + "A-1,\"Call, then write\",\"say \"\"hi\"\"\",active,\"first line\nsecond line\"\n"
        + "A-2,Two,d,pending,\n";
    java.util.List<com.copilotz.tasks.model.CreateTaskRequest> records;
    try (var rows = ExtIdSyncJob.read(new java.io.StringReader(csv), false)) {
      records = rows.collect(java.util.stream.Collectors.toList());
    }

    assertThat(records).hasSize(2);
    assertThat(records.get(0).getName()).isEqualTo("Call, then write");
    assertThat(records.get(0).getDescription()).isEqualTo("say \"hi\"");
    assertThat(records.get(0).getContext()).containsEntry("note", "first line\nsecond line");
    assertThat(records.get(1).getStatus()).isEqualTo(com.copilotz.tasks.model.TaskStatus.PENDING);
    assertThat(records.get(1).getContext()).isNull();
  }

  @Test
  void errorHandlingShowsEachTypedError() throws Exception {
    assertThat(run(ErrorHandling::main))
        .contains("NotFoundException", "WorkflowException", "AuthenticationException", "RateLimitException",
            "InternalServerException", "CopilotzIOException", "CopilotzTimeoutException", "InvalidResponseException")
        .contains("two 503s in a row are ridden out");
  }

  @Test
  void theQuickStartJvmExitsAsSoonAsItIsDone() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process = new ProcessBuilder(
            List.of(java, "-cp", System.getProperty("java.class.path"), QuickStart.class.getName()))
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
