package com.copilotz.tasks.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepResult;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.Until;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import com.copilotz.tasks.testing.FakeCopilotzExtension;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How a user tests the worker that owns their step, with the fake agent working the steps around
 * it: the agent moves when the test says ({@code agent().step()}), the worker as it polls.
 */
@ExtendWith(FakeCopilotzExtension.class)
class ConfirmationEmailWorkerTest {
  @Test
  void theWorkerSendsOneEmailAndTheAgentCompletesTheOnboarding(
      FakeCopilotzServer server, TasksClient client) {
    Workflow onboarding =
        server.seedWorkflow(
            "Customer Onboarding",
            "Gather user information",
            "Send confirmation email",
            "Complete onboarding");
    List<Step> steps = client.workflowSteps(onboarding.getId());
    server
        .agent()
        .works("Gather user information", Map.of("email", "ana@example.com"))
        .works("Complete onboarding", Map.of("accountId", "ACC-1"));
    Task task =
        client.createTask(
            new CreateTaskRequest()
                .extId("USER-1")
                .workflow(onboarding.getId())
                .currentStep(steps.get(0).getId())
                .status(TaskStatus.ACTIVE)
                .name("Onboard Ana")
                .description("Customer onboarding"));
    List<String> sent = new CopyOnWriteArrayList<>();

    server.agent().step(); // the agent gathers the information: the task is at the worker's step
    StepWorker worker =
        client
            .stepWorker(steps.get(1).getId())
            .pollInterval(Duration.ofMillis(20))
            .start(
                waiting -> {
                  sent.add(waiting.getExtId());
                  return StepAction.advance(Map.of("confirmationEmailId", "MSG-1"));
                });
    try (worker) {
      client.awaitTask(
          task.getId(),
          Until.step(steps.get(2).getId())
              .pollInterval(Duration.ofMillis(20))
              .timeout(Duration.ofMinutes(1)));
    }
    // Closed: the worker has finished with every task it took, and counted it.
    assertThat(worker.stats().handled(StepResult.ADVANCED)).isEqualTo(1);
    server.agent().step(); // the agent completes the onboarding

    Task done = server.task(task.getId()).orElseThrow();
    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.getContext()).containsEntry("confirmationEmailId", "MSG-1");
    assertThat(sent).containsExactly("USER-1");
  }
}
