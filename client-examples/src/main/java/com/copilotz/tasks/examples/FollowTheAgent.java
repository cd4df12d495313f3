package com.copilotz.tasks.examples;

import com.copilotz.tasks.TaskEvent;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TaskWatch;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Following the agent: creates an onboarding task, lets the agent work it (on the embedded fake
 * server, the fake's agent works every step), watches the workflow's tasks and prints each change,
 * and waits until the task is completed.
 */
public final class FollowTheAgent {
  private FollowTheAgent() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting for the watch's last event
   */
  public static void main(String[] args) throws InterruptedException {
    try (ExampleServer server = ExampleServer.connect()) {
      TasksClient client = server.client;
      List<Step> steps = client.workflowSteps(server.workflowId());
      if (server.fake != null) {
        // On the fake, its agent plays Copilotz's: it works each step, twice a second.
        server
            .fake
            .agent()
            .works(steps.get(0).getName(), Map.of("email", "ana@example.com"))
            .works(steps.get(1).getName(), Map.of("emailSent", "yes"))
            .works(steps.get(2).getName(), Map.of("accountId", "ACC-1042"))
            .runEvery(Duration.ofMillis(500));
      }

      Task task =
          client.createTask(
              new CreateTaskRequest()
                  .extId("USER-" + System.currentTimeMillis())
                  .workflow(server.workflowId())
                  .currentStep(steps.get(0).getId())
                  .status(TaskStatus.ACTIVE)
                  .name("Onboard Ana Lima")
                  .description("Customer onboarding"));
      System.out.printf("Created task %d at \"%s\".%n", task.getId(), steps.get(0).getName());

      CountDownLatch completed = new CountDownLatch(1);
      TaskQuery workflowTasks = TaskQuery.builder().workflow(server.workflowId()).build();
      try (TaskWatch watch =
          client
              .watch(workflowTasks)
              .reportExistingTasks()
              .interval(Duration.ofMillis(200))
              .start(event -> completed(print(steps, event), completed))) {
        Task done =
            client.awaitTask(
                task.getId(),
                Until.completed()
                    .pollInterval(Duration.ofMillis(200))
                    .timeout(Duration.ofMinutes(2)));
        System.out.printf(
            "The agent completed task %d; its state: %s%n",
            done.getId(), done.getContext().get("state"));
        // The watch tells of the completion at its next listing.
        completed.await();
      }
      client.deleteTask(task.getId());
    }
  }

  private static TaskEvent print(List<Step> steps, TaskEvent event) {
    if (event instanceof TaskEvent.Appeared) {
      Task task = ((TaskEvent.Appeared) event).task();
      System.out.printf(
          "  watch: task %d is at \"%s\" (%s)%n",
          event.taskId(), QuickStart.name(steps, task.getCurrentStep()), task.getStatus());
    } else if (event instanceof TaskEvent.Moved) {
      TaskEvent.Moved moved = (TaskEvent.Moved) event;
      System.out.printf(
          "  watch: task %d moved from \"%s\" to \"%s\"%n",
          event.taskId(),
          QuickStart.name(steps, moved.fromStep()),
          QuickStart.name(steps, moved.toStep()));
    } else if (event instanceof TaskEvent.StatusChanged) {
      TaskEvent.StatusChanged changed = (TaskEvent.StatusChanged) event;
      System.out.printf(
          "  watch: task %d is %s (was %s)%n", event.taskId(), changed.to(), changed.from());
    } else if (event instanceof TaskEvent.ContextChanged) {
      System.out.printf(
          "  watch: task %d context changed: %s%n",
          event.taskId(), ((TaskEvent.ContextChanged) event).keys());
    } else {
      System.out.printf("  watch: task %d is gone%n", event.taskId());
    }
    return event;
  }

  /** Counts {@code completed} down when the event says the task is completed. */
  private static void completed(TaskEvent event, CountDownLatch completed) {
    TaskStatus status =
        event instanceof TaskEvent.StatusChanged
            ? ((TaskEvent.StatusChanged) event).to()
            : event instanceof TaskEvent.Appeared
                ? ((TaskEvent.Appeared) event).task().getStatus()
                : null;
    if (TaskStatus.COMPLETED.equals(status)) {
      completed.countDown();
    }
  }
}
