package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Step;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandaloneServerTest {
  final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void startsWithTheGivenTokenUserAndWorkflows() {
    try (FakeCopilotzServer server =
        StandaloneServer.start(
            new String[] {
              "--port",
              "0",
              "--token",
              "tk_given",
              "--user",
              "ci:pw:acme",
              "--token-lifetime",
              "PT5M",
              "--workflow",
              "Support:Triage, Fix ,Confirm"
            },
            out)) {
      assertThat(printed())
          .startsWith("FakeCopilotzServer listening on " + server.baseUrl() + "\n")
          .contains(
              "token: tk_given\n",
              "user: ci (namespace acme)\n",
              "workflow 1 \"Support\": steps [1, 2, 3]\n");
      try (TasksClient byToken =
              TasksClient.builder().baseUrl(server.baseUrl()).accessToken("tk_given").build();
          TasksClient byLogin =
              TasksClient.builder()
                  .baseUrl(server.baseUrl())
                  .credentials("ci", "pw", "acme")
                  .build()) {
        assertThat(byToken.workflowSteps(1))
            .extracting(Step::getName)
            .containsExactly("Triage", "Fix", "Confirm");
        assertThat(byLogin.listTasks(TaskQuery.builder().build())).isEmpty();
      }
    }
  }

  @Test
  void issuesATokenWhenGivenNone() {
    try (FakeCopilotzServer server =
        StandaloneServer.start(new String[] {"--port", "0", "--bare-array-lists"}, out)) {
      String token =
          printed()
              .lines()
              .filter(line -> line.startsWith("token: "))
              .findFirst()
              .orElseThrow()
              .substring(7);
      try (TasksClient client =
          TasksClient.builder().baseUrl(server.baseUrl()).accessToken(token).build()) {
        assertThat(client.listTasks(TaskQuery.builder().build())).isEmpty();
      }
    }
  }

  @Test
  void aPortInUseIsABadOptionThatSaysWhatToDo() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      String port = String.valueOf(taken.getLocalPort());
      assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--port", port}, out))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "--port "
                  + port
                  + " is already in use on 127.0.0.1: choose another port, or --port 0 for a free one");
    }
  }

  @Test
  void theAgentWorksTheStepsItIsGivenOnItsOwn() throws Exception {
    try (FakeCopilotzServer server =
            StandaloneServer.start(
                new String[] {
                  "--port", "0",
                  "--workflow", "Onboarding:Gather,Confirm",
                  "--agent", "Gather=succeed",
                  "--agent-interval", "PT0.01S"
                },
                out);
        TasksClient client = server.newClient()) {
      assertThat(printed())
          .contains("agent: succeed at step \"Gather\"\n")
          .contains("agent: moves every PT0.01S\n");
      com.copilotz.tasks.model.Task task =
          client.createTask(
              new com.copilotz.tasks.model.CreateTaskRequest()
                  .extId("E-1")
                  .name("n")
                  .description("d")
                  .workflow(1L)
                  .currentStep(1L)
                  .status(com.copilotz.tasks.model.TaskStatus.ACTIVE));
      // The agent moves it on its own thread; the wait's timeout only bounds a hang.
      com.copilotz.tasks.model.Task there =
          client.awaitTask(
              task.getId(),
              com.copilotz.tasks.Until.step(2)
                  .pollInterval(java.time.Duration.ofMillis(10))
                  .timeout(java.time.Duration.ofMinutes(1)));
      assertThat(there.getCurrentStep()).isEqualTo(2L);
      assertThat(there.getContext()).containsKey("steps");
    }
  }

  @Test
  void badOptionsAreNamed() {
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--port", "http"}, out))
        .hasMessage("--port must be a number, was http");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--port", "70000"}, out))
        .hasMessage("--port must be between 0 and 65535, was 70000");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--user", "ci:pw"}, out))
        .hasMessage("--user must be NAME:PASSWORD:NAMESPACE, was ci:pw");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--workflow", "NoSteps"}, out))
        .hasMessage("--workflow must be NAME:STEP,STEP,..., was NoSteps");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--token-lifetime", "1h"}, out))
        .hasMessage("--token-lifetime must be an ISO-8601 duration such as PT1H, was 1h");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--token"}, out))
        .hasMessage("--token needs a value");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--verbose"}, out))
        .hasMessage("unknown option --verbose");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--agent", "Gather"}, out))
        .hasMessage("--agent must be STEP=succeed, STEP=fail or STEP=pending, was Gather");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--agent", "Gather=win"}, out))
        .hasMessage("--agent must be STEP=succeed, STEP=fail or STEP=pending, was Gather=win");
    assertThatThrownBy(() -> StandaloneServer.start(new String[] {"--agent-interval", "PT0S"}, out))
        .hasMessage("--agent-interval must be positive, was PT0S");
    assertThat(printed()).isEmpty();
  }
}
