package com.copilotz.tasks.mcp.internal.main;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * The fake Copilotz of {@code --fake}: a {@link FakeCopilotzServer} seeded with a support workflow
 * (triage, answer, close) and three tickets, its agent working triage and answer every two seconds
 * and leaving close to whoever calls the tools.
 */
final class FakeCopilotz implements AutoCloseable {
  private final FakeCopilotzServer server;
  private final TasksClient client;

  private FakeCopilotz(FakeCopilotzServer server, TasksClient client) {
    this.server = server;
    this.client = client;
  }

  static FakeCopilotz start(PrintStream err) {
    FakeCopilotzServer server = new FakeCopilotzServer().start();
    Workflow workflow = server.seedWorkflow("Support ticket", "triage", "answer", "close");
    String[] tickets = {"Cannot log in", "Invoice is wrong", "Feature request: dark mode"};
    for (int i = 0; i < tickets.length; i++) {
      // Stored directly, not created through the client: the server starts without a request.
      server.putTask(
          new Task()
              .extId("ticket-" + (i + 1))
              .name(tickets[i])
              .description("A customer's ticket: " + tickets[i])
              .workflow(workflow.getId())
              .currentStep(workflow.getFirstStep())
              .status(TaskStatus.ACTIVE));
    }
    server
        .agent()
        .works("triage", Map.of("priority", "normal"))
        .works("answer", Map.of("answered", "yes"))
        .runEvery(Duration.ofSeconds(2));
    err.println(
        "copilotz-tasks-mcp: --fake: a fake Copilotz at "
            + server.baseUrl()
            + " with workflow "
            + workflow.getId()
            + " (Support ticket: triage, answer, close); its agent works triage and answer");
    return new FakeCopilotz(server, server.newClient());
  }

  TasksClient client() {
    return client;
  }

  @Override
  public void close() {
    server.close();
  }
}
