package com.copilotz.tasks.examples;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer-onboarding example of the product docs, step by step: gather the user's information;
 * send a confirmation email and wait for the answer ({@code pending}); complete onboarding. Prints
 * the task's status and context at each step.
 */
public final class OnboardingWorkflow {
  private OnboardingWorkflow() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ExampleServer server = ExampleServer.connect()) {
      TasksClient client = server.client;
      List<Step> steps = client.workflowSteps(server.workflowId());
      System.out.printf(
          "The workflow has %d steps: %s.%n",
          steps.size(),
          String.join(" -> ", steps.stream().map(Step::getName).toArray(String[]::new)));

      Map<String, Object> user = new LinkedHashMap<>();
      user.put("name", "Ana Lima");
      user.put("phone", "+1 555 0100");
      Task task =
          client.createTask(
              new CreateTaskRequest()
                  .extId("USER-" + System.currentTimeMillis())
                  .workflow(server.workflowId())
                  .currentStep(steps.get(0).getId())
                  .status(TaskStatus.ACTIVE)
                  .name("Onboard Ana Lima")
                  .description("Customer onboarding")
                  .context(user));
      show(steps, "1. Gathering user information", task);

      task =
          client.advance(
              task.getId(),
              Map.of("email", "ana@example.com", "emailSentAt", "2026-12-01T10:00:00Z"));
      task = client.updateTask(task.getId(), new UpdateTaskRequest().status(TaskStatus.PENDING));
      show(steps, "2. Confirmation email sent; waiting for the answer", task);

      task = client.advance(task.getId(), Map.of("emailConfirmedAt", "2026-12-01T10:05:00Z"));
      show(steps, "3. Email confirmed; completing onboarding", task);

      task = client.advance(task.getId(), Map.of("accountId", "ACC-1042"));
      show(steps, "Onboarding finished", task);
      client.deleteTask(task.getId());
    }
  }

  private static void show(List<Step> steps, String what, Task task) {
    System.out.printf(
        "%s%n   step: %s, status: %s%n   context: %s%n",
        what, QuickStart.name(steps, task.getCurrentStep()), task.getStatus(), task.getContext());
  }
}
