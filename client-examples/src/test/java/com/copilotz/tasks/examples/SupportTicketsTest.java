package com.copilotz.tasks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzExtension;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.copilotz.tasks.testing.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How a user tests their own service against the fake server: no mocks to script, no network. */
@ExtendWith(FakeCopilotzExtension.class)
class SupportTicketsTest {
  Workflow support;
  SupportTickets tickets;

  @BeforeEach
  void setUp(FakeCopilotzServer server, TasksClient client) {
    support = server.seedWorkflow("Support", "Triage", "Fix", "Confirm with customer");
    tickets = new SupportTickets(client, support.getId());
  }

  @Test
  void openingATicketCreatesOneTaskAtTheFirstStep(FakeCopilotzServer server) {
    tickets.open("42", "Account locked", "high");
    tickets.open("42", "Account locked", "high");

    assertThat(server.tasks())
        .singleElement()
        .satisfies(
            task -> {
              assertThat(task.getExtId()).isEqualTo("TICKET-42");
              assertThat(task.getCurrentStep()).isEqualTo(support.getFirstStep());
              assertThat(task.getContext()).containsEntry("priority", "high");
            });
  }

  @Test
  void reopeningWithAnotherPriorityUpdatesOnlyThePriority(FakeCopilotzServer server) {
    tickets.open("42", "Account locked", "normal");

    tickets.open("42", "Account locked", "high");

    var last = server.requests().get(server.requests().size() - 1);
    assertThat(last.method()).isEqualTo("PUT");
    assertThat(last.body()).isEqualTo("{\"context\":{\"priority\":\"high\"}}");
    assertThat(server.tasks())
        .singleElement()
        .satisfies(task -> assertThat(task.getContext()).containsEntry("priority", "high"));
  }

  @Test
  void progressWalksTheTicketToCompletion(FakeCopilotzServer server) {
    tickets.open("7", "Refund", "low");

    tickets.progress("7");
    tickets.progress("7");
    Task done = tickets.progress("7");

    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(server.task(done.getId()))
        .get()
        .extracting(Task::getStatus)
        .isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void aFlakyGatewayDoesNotDuplicateTheTicketsTask(FakeCopilotzServer server) {
    server.inject("POST", "/rest/tasks", 1, Fault.dropConnectionAfterApplying());

    tickets.open("9", "Slow site", "normal");

    assertThat(server.tasks()).hasSize(1);
  }

  @Test
  void progressOnAnUnknownTicketDoesNothing(FakeCopilotzServer server) {
    assertThat(tickets.progress("404")).isNull();
    assertThat(server.requests())
        .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
  }
}
