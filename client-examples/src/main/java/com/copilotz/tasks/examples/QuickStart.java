package com.copilotz.tasks.examples;

import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.Map;

/**
 * Creates a task, moves it to its next step, reads it back, lists the tasks with its extId, and deletes it.
 *
 * <p>Reads the server and credentials from the environment: {@code COPILOTZ_BASE_URL} (default
 * https://copilotz.com) and {@code COPILOTZ_ACCESS_TOKEN}, or {@code COPILOTZ_USERNAME},
 * {@code COPILOTZ_PASSWORD} and {@code COPILOTZ_NAMESPACE}.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (TasksClient client = TasksClient.fromEnv()) {
      Task task =
          client.createTask(
              new CreateTaskRequest()
                  .extId("SUPPORT_56789")
                  .workflow(2L)
                  .currentStep(1L)
                  .status(TaskStatus.ACTIVE)
                  .name("Resolve Customer Issue")
                  .description("Task to resolve a customer support issue.")
                  .context(Map.of("issue", "Account locked", "priority", "high")));
      System.out.printf("Created task %d (%s) at step %d.%n", task.getId(), task.getExtId(), task.getCurrentStep());

      Task updated =
          client.updateTask(
              task.getId(),
              new UpdateTaskRequest().currentStep(2L).status(TaskStatus.PENDING).context(Map.of("emailSent", true)));
      System.out.printf(
          "Moved it to step %d, now %s; its context is %s.%n",
          updated.getCurrentStep(), updated.getStatus(), updated.getContext());

      long matching = client.listTasks(TaskQuery.builder().extId("SUPPORT_56789").build()).count();
      System.out.printf("%d task(s) have extId SUPPORT_56789.%n", matching);

      client.deleteTask(task.getId());
      System.out.printf("Deleted task %d.%n", task.getId());
    }
  }
}
