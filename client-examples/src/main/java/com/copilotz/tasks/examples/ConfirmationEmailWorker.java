package com.copilotz.tasks.examples;

import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepResult;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.WorkerStats;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owning a step of the docs' onboarding workflow: the agent gathers the user's information (step 1)
 * and completes the onboarding (step 3); this program's {@link StepWorker} owns step 2, "Send
 * confirmation email": it sends the email (here, prints it) and moves the task on, with the email's
 * id in the task's context. On the embedded fake server, the fake's agent works steps 1 and 3.
 *
 * <p>The handler is idempotent, as a worker's handler must be (delivery is at least once): it looks
 * for the marker it writes ({@code confirmationEmailId}) before sending, and the mailer is keyed by
 * the task's extId.
 */
public final class ConfirmationEmailWorker {
  private ConfirmationEmailWorker() {}

  /** A stand-in for the mail service: sends once per key. */
  static final class Mailer {
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    String sendConfirmation(String key, String to) {
      if (sent.add(key)) {
        System.out.printf("  mailer: confirmation email sent to %s%n", to);
      }
      return "MSG-" + key;
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (ExampleServer server = ExampleServer.connect()) {
      TasksClient client = server.client;
      List<Step> steps = client.workflowSteps(server.workflowId());
      Step email = steps.get(1);
      if (server.fake != null) {
        server
            .fake
            .agent()
            .works(steps.get(0).getName(), Map.of("email", "ana@example.com"))
            .works(steps.get(2).getName(), Map.of("accountId", "ACC-1042"))
            .runEvery(Duration.ofMillis(200));
      }

      Mailer mailer = new Mailer();
      StepWorker worker =
          client
              .stepWorker(email.getId())
              .concurrency(4)
              .pollInterval(Duration.ofMillis(200))
              .maxPollInterval(Duration.ofSeconds(2))
              .start(
                  task -> {
                    Map<String, Object> context =
                        task.getContext() == null ? Map.of() : task.getContext();
                    if (context.containsKey("confirmationEmailId")) {
                      return StepAction.advance(); // sent before a crash: do not send it again
                    }
                    Object state = context.get("state");
                    String to =
                        state instanceof Map
                            ? String.valueOf(((Map<?, ?>) state).get("email"))
                            : "?";
                    String id = mailer.sendConfirmation(task.getExtId(), to);
                    return StepAction.advance(Map.of("confirmationEmailId", id));
                  });
      try (worker) {
        System.out.printf("The worker owns step \"%s\".%n", email.getName());

        List<Task> created = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          created.add(
              client.createTask(
                  new CreateTaskRequest()
                      .extId("USER-" + i + "-" + System.currentTimeMillis())
                      .workflow(server.workflowId())
                      .currentStep(steps.get(0).getId())
                      .status(TaskStatus.ACTIVE)
                      .name("Onboard user " + i)
                      .description("Customer onboarding")));
        }
        for (Task task : created) {
          Task done =
              client.awaitTask(
                  task.getId(),
                  Until.completed()
                      .pollInterval(Duration.ofMillis(200))
                      .timeout(Duration.ofMinutes(2)));
          System.out.printf(
              "Task %d completed; its email: %s%n",
              done.getId(), done.getContext().get("confirmationEmailId"));
        }
      }
      // Closed: the worker has finished with every task it took, and counted it.
      WorkerStats stats = worker.stats();
      System.out.printf(
          "The worker advanced %d task(s) in %d listing(s).%n",
          stats.handled(StepResult.ADVANCED), stats.listings());
      for (Task task : created(client, server)) {
        client.deleteTask(task.getId());
      }
    }
  }

  private static List<Task> created(TasksClient client, ExampleServer server) {
    return client
        .listTasks(com.copilotz.tasks.TaskQuery.builder().workflow(server.workflowId()).build())
        .filter(task -> task.getExtId() != null && task.getExtId().startsWith("USER-"))
        .toList();
  }
}
