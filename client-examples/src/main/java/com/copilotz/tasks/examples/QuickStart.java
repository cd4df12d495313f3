package com.copilotz.tasks.examples;

import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creates a task, updates it, advances it through its workflow to completion, lists the tasks with
 * its extId, and prints what happened. Runs on an embedded fake server unless a real one is
 * configured (see {@link ExampleServer}).
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ExampleServer server = ExampleServer.connect()) {
      TasksClient client = server.client;
      long workflowId = server.workflowId();
      List<Step> steps = client.workflowSteps(workflowId);
      String extId = "ONBOARD-" + System.currentTimeMillis();

      Task task =
          client.createTask(
              new CreateTaskRequest()
                  .extId(extId)
                  .workflow(workflowId)
                  .currentStep(steps.get(0).getId())
                  .status(TaskStatus.ACTIVE)
                  .name("Onboard Ana Lima")
                  .description("Welcome a new customer")
                  .context(Map.of("customer", "Ana Lima")));
      System.out.printf(
          "Created task %d \"%s\" (extId %s): %s at step \"%s\".%n",
          task.getId(),
          task.getName(),
          task.getExtId(),
          task.getStatus(),
          name(steps, task.getCurrentStep()));

      task =
          client.updateTask(
              task.getId(), new UpdateTaskRequest().context(Map.of("email", "ana@example.com")));
      System.out.printf("Updated it: its context is now %s.%n", task.getContext());

      while (!task.getStatus().equals(TaskStatus.COMPLETED)) {
        long from = task.getCurrentStep();
        task = client.advance(task.getId());
        if (task.getStatus().equals(TaskStatus.COMPLETED)) {
          System.out.printf(
              "Advanced it past the last step, \"%s\": it is completed.%n", name(steps, from));
        } else {
          System.out.printf("Advanced it to step \"%s\".%n", name(steps, task.getCurrentStep()));
        }
      }

      List<Task> matching =
          client.listTasks(TaskQuery.builder().extId(extId).build()).collect(Collectors.toList());
      System.out.printf(
          "Listing by extId %s finds %d task(s): %s.%n",
          extId,
          matching.size(),
          matching.stream()
              .map(t -> "task " + t.getId() + ", " + t.getStatus())
              .collect(Collectors.joining("; ")));

      client.deleteTask(task.getId());
      System.out.printf("Deleted task %d. Done.%n", task.getId());
    }
  }

  static String name(List<Step> steps, Long stepId) {
    return steps.stream()
        .filter(step -> step.getId().equals(stepId))
        .map(Step::getName)
        .findFirst()
        .orElse("step " + stepId);
  }
}
