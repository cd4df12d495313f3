package com.copilotz.tasks.examples;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Map;
import java.util.Objects;

/**
 * A service as a user of the SDK would write it: keeps one Copilotz task per support ticket, keyed
 * by the ticket's id. {@code SupportTicketsTest} tests it with the fake server, as users would test
 * theirs.
 */
public final class SupportTickets {
  private final TasksClient tasks;
  private final long workflowId;

  /**
   * Creates the service.
   *
   * @param tasks the Copilotz client
   * @param workflowId the workflow tickets go through
   */
  public SupportTickets(TasksClient tasks, long workflowId) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.workflowId = workflowId;
  }

  /**
   * Opens (or refreshes) the task of a ticket.
   *
   * @param ticketId the ticket's id in the help desk
   * @param subject the ticket's subject
   * @param priority low, normal or high
   * @return the ticket's task
   */
  public Task open(String ticketId, String subject, String priority) {
    long firstStep = tasks.getWorkflow(workflowId).getFirstStep();
    return tasks.upsertByExtId(
        new CreateTaskRequest()
            .extId("TICKET-" + ticketId)
            .workflow(workflowId)
            .currentStep(firstStep)
            .status(TaskStatus.ACTIVE)
            .name(subject)
            .description("Support ticket " + ticketId)
            .context(Map.of("priority", priority)));
  }

  /**
   * Moves a ticket's task on when the help desk resolves a stage of it.
   *
   * @param ticketId the ticket's id in the help desk
   * @return the task after the move, or null when the ticket has no task
   */
  public Task progress(String ticketId) {
    return tasks
        .findByExtId("TICKET-" + ticketId)
        .map(task -> tasks.advance(task.getId()))
        .orElse(null);
  }
}
