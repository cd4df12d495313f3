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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Owning a step of the docs' onboarding workflow: the agent gathers the user's information (step 1)
 * and completes the onboarding (step 3); this program's {@link StepWorker} owns step 2, "Send
 * confirmation email": it sends the email (here, prints it) and moves the task on, with the email's
 * id in the task's context. On the embedded fake server, the fake's agent works steps 1 and 3.
 *
 * <p>The handler is idempotent, as a worker's handler must be (delivery is at least once): the
 * mailer deduplicates on a key derived from the task's id and the step ({@code task-42-step-7}), so
 * an email sent before a crash is not sent again when the task is handed out again. (A marker the
 * move writes cannot tell: a crash between the email and the move leaves none.) The worker drains
 * at Ctrl-C: no task is handed out, and the running handlers finish and have their moves written.
 *
 * <p>With the argument {@code serve}, the program goes on serving the step after its three tasks,
 * until Ctrl-C.
 */
public final class ConfirmationEmailWorker {
  private ConfirmationEmailWorker() {}

  /**
   * A stand-in for the mail service, which deduplicates on the idempotency key it is given, as mail
   * APIs do: a second send with one key sends nothing and answers the first message's id.
   */
  static final class Mailer {
    private final Map<String, String> sent = new ConcurrentHashMap<>();

    String sendConfirmation(String idempotencyKey, String to, String extId) {
      return sent.computeIfAbsent(
          idempotencyKey,
          key -> {
            System.out.printf("  mailer: confirmation email sent to %s%n", to);
            return "MSG-" + extId;
          });
    }
  }

  /**
   * Runs the example.
   *
   * @param args {@code serve} to go on serving the step until Ctrl-C
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    boolean serve = args.length > 0 && args[0].equals("serve");
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
              .drainOnShutdown(true)
              .start(
                  (task, delivery) -> {
                    if (delivery.redelivered()) {
                      System.out.printf(
                          "  task %d was handed out before: the mailer's key keeps it to one"
                              + " email%n",
                          task.getId());
                    }
                    Map<String, Object> context =
                        task.getContext() == null ? Map.of() : task.getContext();
                    Object state = context.get("state");
                    String to =
                        state instanceof Map
                            ? String.valueOf(((Map<?, ?>) state).get("email"))
                            : "?";
                    String key = "task-" + task.getId() + "-step-" + task.getCurrentStep();
                    String id = mailer.sendConfirmation(key, to, task.getExtId());
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
        if (serve) {
          System.out.println("Serving the step until Ctrl-C.");
          new CountDownLatch(1).await(); // Ctrl-C: the worker's shutdown hook drains it
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
