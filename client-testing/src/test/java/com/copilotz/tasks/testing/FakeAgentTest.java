package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent the fake plays: what each of its moves writes, and when it moves. */
class FakeAgentTest {
  final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00Z"));
  final FakeCopilotzServer server = new FakeCopilotzServer().clock(clock).start();
  final TasksClient client = server.newClient();
  final Workflow onboarding =
      server.seedWorkflow(
          "Onboarding", "Gather Information", "Send Confirmation Email", "Complete");

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  Task create(String extId) {
    return client.createTask(
        new CreateTaskRequest()
            .extId(extId)
            .name("Onboard " + extId)
            .description("d")
            .workflow(onboarding.getId())
            .currentStep(onboarding.getFirstStep())
            .status(TaskStatus.ACTIVE));
  }

  @Test
  void aSucceededStepMovesToNextAndRecordsItsResultsInTheSameUpdate() {
    Task task = create("U-1");
    server.agent().works("Gather Information", Map.of("email", "ada@example.com"));
    clock.advance(Duration.ofSeconds(5));

    List<Task> moved = server.agent().step();

    assertThat(moved).hasSize(1);
    Task after = client.getTask(task.getId());
    assertThat(after.getCurrentStep()).isEqualTo(onboarding.getSteps().get(1));
    assertThat(after.getStatus()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(after.getContext())
        .containsEntry("state", Map.of("email", "ada@example.com"))
        .containsEntry(
            "steps",
            Map.of(
                "Gather Information",
                Map.of(
                    "args",
                    Map.of(),
                    "results",
                    Map.of("email", "ada@example.com"),
                    "updatedAt",
                    "2026-12-01T09:00:05Z")));
    assertThat(after.getUpdatedAt().toInstant()).isEqualTo(clock.instant());
    // The step it does not work is left to the code under test.
    assertThat(server.agent().step()).isEmpty();
  }

  @Test
  void theLastStepCompletesTheTaskAndStateMerges() {
    Task task = create("U-2");
    server
        .agent()
        .works("Gather Information", Map.of("email", "a@b"))
        .works("Send Confirmation Email", Map.of("sent", "yes"))
        .works("Complete", Map.of());

    for (int i = 0; i < 3; i++) {
      server.agent().step(task.getId());
    }

    Task done = client.getTask(task.getId());
    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.getCurrentStep()).isEqualTo(onboarding.getSteps().get(2));
    assertThat(done.getContext().get("state")).isEqualTo(Map.of("email", "a@b", "sent", "yes"));
    assertThat(server.agent().step(task.getId())).isEmpty();
  }

  @Test
  void aFailedStepFailsTheTaskAtFailedNextWhenThereIsOne() {
    Step error = server.putStep(new Step().name("Error handling").description("e"));
    Step first = server.step(onboarding.getFirstStep()).orElseThrow();
    server.putStep(first.failedNext(error.getId()));
    Task task = create("U-3");
    server.agent().fails("Gather Information", "no email given");

    Task failed = server.agent().step(task.getId()).orElseThrow();

    assertThat(failed.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.getCurrentStep()).isEqualTo(error.getId());
    assertThat(failed.getContext().get("state")).isEqualTo(Map.of("error", "no email given"));
  }

  @Test
  void aStepLeftPendingSetsTheTaskPendingThere() {
    Task task = create("U-4");
    server.agent().leavesPending("Gather Information");

    Task pending = server.agent().step(task.getId()).orElseThrow();

    assertThat(pending.getStatus()).isEqualTo(TaskStatus.PENDING);
    assertThat(pending.getCurrentStep()).isEqualTo(onboarding.getFirstStep());
    // A pending task is not worked again.
    assertThat(server.agent().step()).isEmpty();
  }

  @Test
  void stepsAreWorkedByIdTooAndResetForgetsThem() {
    Task task = create("U-5");
    server.agent().works(onboarding.getFirstStep(), Map.of());

    assertThat(server.agent().step(task.getId())).isPresent();

    server.reset();
    assertThat(server.agent()).hasToString("FakeAgent[works [] []]");
  }

  @Test
  void theAgentRefusesBadArguments() {
    assertThatThrownBy(() -> server.agent().works((String) null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("stepName");
    assertThatThrownBy(() -> server.agent().runEvery(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be positive, was PT0S");
    server.agent().runEvery(Duration.ofHours(1));
    assertThatThrownBy(() -> server.agent().runEvery(Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the agent already runs");
    server.agent().stop();
  }
}
