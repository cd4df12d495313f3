package com.copilotz.tasks.examples.service;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Tickets as Copilotz tasks, keyed by extId {@code TICKET-<id>}, in the support workflow. */
@Service
public class Tickets {
  private final TasksClient copilotz;
  private final long workflow;

  public Tickets(TasksClient copilotz, @Value("${tickets.workflow-id}") long workflow) {
    this.copilotz = copilotz;
    this.workflow = workflow;
  }

  /** Opens the ticket's task, or updates it when it exists; returns it as stored. */
  public Task open(String ticketId, String summary, String priority) {
    long firstStep = copilotz.getWorkflow(workflow).getFirstStep();
    return copilotz.upsertByExtId(
        new CreateTaskRequest()
            .extId("TICKET-" + ticketId)
            .workflow(workflow)
            .currentStep(firstStep)
            .status(TaskStatus.ACTIVE)
            .name("Ticket " + ticketId)
            .description(summary)
            .context(Map.of("priority", priority)));
  }

  /** Moves the ticket to the next step of the workflow. */
  public Optional<Task> advance(String ticketId) {
    return copilotz.findByExtId("TICKET-" + ticketId).map(task -> copilotz.advance(task.getId()));
  }
}
