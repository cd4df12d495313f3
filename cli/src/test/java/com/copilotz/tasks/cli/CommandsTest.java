package com.copilotz.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.model.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command against the fake Copilotz, in this JVM: the exact requests, the output as a table,
 * JSON and JSON lines, and the exit statuses.
 */
class CommandsTest {
  final CliHarness cli = new CliHarness();
  @TempDir Path folder;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void getPrintsATableJsonOrJsonLines() {
    assertThat(cli.run("get", "1")).isZero();
    assertThat(cli.requests()).containsExactly("GET /rest/tasks/1");
    List<String> lines = cli.out.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("ID  EXT ID     NAME           WORKFLOW  STEP  STATUS  UPDATED");
    assertThat(lines.get(1)).startsWith("1   ticket-13  Cannot log in  1         1     active  20");

    assertThat(cli.run("get", "1", "-o", "json")).isZero();
    assertThat(cli.out)
        .startsWith(
            "{\"_id\":1,\"extId\":\"ticket-13\",\"workflow\":1,\"currentStep\":1,\"status\":\"active\",\"name\":\"Cannot log in\"");
    assertThat(cli.out.lines().count()).isEqualTo(1);
  }

  @Test
  void listSendsTheFiltersAndStreamsJsonLines() {
    assertThat(cli.run("list", "--workflow", "1", "--status", "active", "-o", "jsonl")).isZero();

    assertThat(cli.requests())
        .containsExactly("GET /rest/tasks?workflow=1&status=active&limit=100&offset=0");
    assertThat(cli.out.lines().toList())
        .hasSize(3)
        .allMatch(line -> line.startsWith("{\"_id\":") && line.endsWith("}"));
    assertThat(cli.run("list", "--limit", "2", "-o", "json")).isZero();
    assertThat(cli.out).startsWith("[{\"_id\":1,").contains("},{\"_id\":2,").endsWith("}]\n");
  }

  @Test
  void createFromFlagsPostsThemAndFromStdinPostsTheFile() {
    assertThat(
            cli.run(
                "create",
                "--workflow",
                "1",
                "--ext-id",
                "order-7",
                "--name",
                "Refund order 7",
                "--description",
                "Refund",
                "--context",
                "{\"order\":7}",
                "-o",
                "json"))
        .isZero();
    // The workflow is read for its first step, then the task is created there.
    assertThat(cli.requests()).containsExactly("GET /rest/workflows/1", "POST /rest/tasks");
    assertThat(cli.body(1))
        .isEqualTo(
            "{\"extId\":\"order-7\",\"workflow\":1,\"currentStep\":1,\"status\":\"active\",\"name\":\"Refund"
                + " order 7\",\"description\":\"Refund\",\"context\":{\"order\":7}}");
    assertThat(cli.out).contains("\"_id\":4", "\"extId\":\"order-7\"");

    cli.copilotz.forgetRequests();
    assertThat(
            cli.runWithInput(
                "{\"extId\":\"order-8\",\"name\":\"Refund order 8\",\"description\":\"d\",\"workflow\":1}",
                "create",
                "--file",
                "-",
                "--name",
                "Renamed"))
        .isZero();
    assertThat(cli.body(cli.requests().size() - 1))
        .contains("\"extId\":\"order-8\"", "\"name\":\"Renamed\"");
  }

  @Test
  void updatePutsOnlyTheFieldsGiven() {
    assertThat(cli.run("update", "2", "--context", "{\"priority\":\"high\"}")).isZero();

    assertThat(cli.requests()).containsExactly("PUT /rest/tasks/2");
    assertThat(cli.body(0)).isEqualTo("{\"context\":{\"priority\":\"high\"}}");
  }

  @Test
  void theMovesWriteTheirStatusAndAGuardedOneOfATaskElsewhereWritesNothing() {
    assertThat(cli.run("advance", "1", "--at", String.valueOf(cli.triage))).isZero();
    assertThat(cli.requests())
        .containsExactly("GET /rest/tasks/1?_populate=currentStep", "PUT /rest/tasks/1");
    assertThat(cli.body(1)).isEqualTo("{\"currentStep\":" + cli.answer + ",\"status\":\"active\"}");

    cli.copilotz.forgetRequests();
    assertThat(cli.run("complete", "1", "--at", String.valueOf(cli.triage))).isEqualTo(6);
    assertThat(cli.requests()).containsExactly("GET /rest/tasks/1");
    assertThat(cli.err)
        .startsWith("copilotz-tasks: Task 1 is at step " + cli.answer)
        .contains("nothing was written");
    assertThat(cli.out).isEmpty();

    assertThat(cli.run("fail", "2", "--reason", "unreachable")).isZero();
    assertThat(cli.run("cancel", "3", "--at", String.valueOf(cli.triage), "--at-status", "active"))
        .isZero();
    assertThat(cli.copilotz.task(2).orElseThrow().getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(cli.copilotz.task(3).orElseThrow().getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cli.run("delete", "3")).isZero();
    assertThat(cli.copilotz.task(3)).isEmpty();
  }

  @Test
  void awaitSaysByItsExitStatusHowTheWaitEnded() {
    cli.copilotz.newClient().complete(1);
    cli.copilotz.newClient().fail(2, "no answer");

    assertThat(cli.run("await", "1", "--until", "completed")).isZero();
    assertThat(cli.out).contains("completed");
    assertThat(cli.run("await", "2")).isEqualTo(3);
    assertThat(
            cli.run(
                "await",
                "3",
                "--until",
                "status=pending",
                "--timeout",
                "1s",
                "--poll-interval",
                "100ms"))
        .isEqualTo(4);
    assertThat(cli.err).isEqualTo("copilotz-tasks: still waiting after 1s; the task runs on\n");
    assertThat(cli.run("await", "99")).isEqualTo(5);
    assertThat(cli.run("await", "3", "--until", "step=" + cli.triage)).isZero();
  }

  @Test
  void syncCreatesFromACsvFileAndADryRunWritesNothing() throws Exception {
    Path records = folder.resolve("records.csv");
    Files.writeString(
        records,
        "extId,name,description,status,priority\n"
            + "ticket-13,Cannot log in,Cannot log in,active,high\n"
            + "ticket-99,\"New, with a comma\",A new one,active,low\n",
        StandardCharsets.UTF_8);

    assertThat(cli.run("sync", records.toString(), "--workflow", "1", "--dry-run")).isZero();
    assertThat(cli.out)
        .contains(
            "update     ticket-13  context.priority", "create     ticket-99  New, with a comma")
        .contains("dry run: 1 to create, 1 to update, 0 unchanged; nothing was written");
    assertThat(cli.requests()).allMatch(request -> request.startsWith("GET "));

    assertThat(cli.run("sync", records.toString(), "--workflow", "1")).isZero();
    assertThat(cli.out).contains("1 created, 1 updated, 0 unchanged");
    assertThat(cli.copilotz.tasks()).hasSize(4);
  }

  @Test
  void badInputIsOneClearLineAndANonZeroStatus() throws Exception {
    Path malformed = folder.resolve("records.jsonl");
    Files.writeString(
        malformed, "{\"extId\":\"a\",\"name\":\"n\"}\n{\"extId\":\n", StandardCharsets.UTF_8);

    assertThat(cli.run("frobnicate")).isEqualTo(2);
    assertThat(cli.err)
        .isEqualTo(
            "copilotz-tasks: Unmatched argument at index 0: 'frobnicate' (see copilotz-tasks --help)\n");
    assertThat(cli.run("list", "--colour")).isEqualTo(2);
    assertThat(cli.err)
        .isEqualTo("copilotz-tasks: Unknown option: '--colour' (see copilotz-tasks list --help)\n");
    assertThat(cli.run("update", "1", "--context", "{oops")).isEqualTo(2);
    assertThat(cli.err)
        .startsWith("copilotz-tasks: --context is not a JSON object: ")
        .hasLineCount(1);
    assertThat(cli.run("sync", malformed.toString())).isEqualTo(2);
    assertThat(cli.err).startsWith("copilotz-tasks: " + malformed + " line 2: ").hasLineCount(1);
    assertThat(cli.run("await", "1", "--timeout", "soon")).isEqualTo(2);
    assertThat(cli.err).contains("'soon' is not a duration").hasLineCount(1);
    assertThat(cli.requests()).isEmpty();

    cli.environment.remove("COPILOTZ_ACCESS_TOKEN");
    assertThat(cli.run("get", "1")).isEqualTo(2);
    assertThat(cli.err)
        .isEqualTo(
            "copilotz-tasks: no token: set COPILOTZ_ACCESS_TOKEN, or pass --token-file FILE (or set"
                + " COPILOTZ_USERNAME, COPILOTZ_PASSWORD and COPILOTZ_NAMESPACE)\n");
    assertThat(cli.err).doesNotContain("Exception", "\tat ");
  }

  @Test
  void aTokenFileIsReadAndTheTokenNeverPrinted() throws Exception {
    Path tokenFile = folder.resolve("token");
    Files.writeString(tokenFile, cli.token + "\n", StandardCharsets.UTF_8);
    cli.environment.remove("COPILOTZ_ACCESS_TOKEN");

    assertThat(cli.run("get", "1", "--token-file", tokenFile.toString(), "--verbose")).isZero();
    assertThat(cli.copilotz.requests().get(0).header("Authorization"))
        .hasValue("Bearer " + cli.token);
    assertThat(cli.out + cli.err).doesNotContain(cli.token);
  }

  @Test
  void anUnreachableServerIsOneLineAndAStackTraceOnlyWithVerbose() {
    cli.environment.put("COPILOTZ_BASE_URL", "http://127.0.0.1:1");

    assertThat(cli.run("get", "1")).isEqualTo(1);
    assertThat(cli.err)
        .startsWith("copilotz-tasks: cannot reach Copilotz: GET /rest/tasks/1 failed")
        .hasLineCount(1);
    assertThat(cli.run("get", "1", "--verbose")).isEqualTo(1);
    assertThat(cli.err).contains("\tat ");
  }

  @Test
  void everyCommandHasHelpWithAnExampleAndTheVersionIsPrinted() {
    for (String command :
        List.of(
            "get",
            "list",
            "create",
            "update",
            "advance",
            "complete",
            "fail",
            "cancel",
            "delete",
            "await",
            "watch",
            "board",
            "sync",
            "mcp")) {
      assertThat(cli.run(command, "--help")).as(command).isZero();
      assertThat(cli.out)
          .as(command)
          .contains("Usage: copilotz-tasks " + command)
          .contains("Example");
    }
    assertThat(cli.run("help", "fake")).isZero();
    assertThat(cli.out).contains("Usage: copilotz-tasks fake", "Example", "--agent triage=succeed");
    assertThat(cli.run("--help")).isZero();
    assertThat(cli.out).contains("Exit status: 0 done, 1 failure, 2 bad usage, 3 the task failed");
    assertThat(cli.run("--version")).isZero();
    assertThat(cli.out).startsWith("copilotz-tasks ");
    assertThat(cli.run("generate-completion")).isZero();
    assertThat(cli.out).contains("complete -F _complete_copilotz-tasks");
  }
}
