package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.errors.AuthenticationException;
import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SDK against the fake, end to end: what a user's tests would exercise. */
@ExtendWith(FakeCopilotzExtension.class)
class SdkAgainstFakeTest {
  static CreateTaskRequest request(String extId, Workflow workflow) {
    return new CreateTaskRequest()
        .extId(extId)
        .workflow(workflow.getId())
        .currentStep(workflow.getFirstStep())
        .status(TaskStatus.ACTIVE)
        .name("Onboard " + extId)
        .description("Onboarding")
        .context(Map.of("user", extId));
  }

  @Test
  void aTaskMovesThroughItsWorkflowToCompletion(FakeCopilotzServer server, TasksClient client) {
    Workflow onboarding = server.seedWorkflow("Onboarding", "Gather", "Confirm", "Complete");
    Task task = client.createTask(request("U1", onboarding));

    client.advance(task.getId(), Map.of("email", "u1@example.com"));
    client.advance(task.getId());
    Task done = client.advance(task.getId());

    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.getCurrentStep()).isEqualTo(onboarding.getSteps().get(2));
    assertThat(done.getContext())
        .containsEntry("user", "U1")
        .containsEntry("email", "u1@example.com");
    assertThat(client.workflowSteps(onboarding.getId()))
        .extracting(Step::getName)
        .containsExactly("Gather", "Confirm", "Complete");
  }

  @Test
  void failGoesToFailedNext(FakeCopilotzServer server, TasksClient client) {
    Step escalate = server.putStep(new Step().name("Escalate"));
    Step check = server.putStep(new Step().name("Check").failedNext(escalate.getId()));
    Workflow workflow = server.putWorkflow(new Workflow().name("W").firstStep(check.getId()));
    Task task = client.createTask(request("U2", workflow));

    Task failed = client.fail(task.getId(), "no answer");

    assertThat(failed.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.getCurrentStep()).isEqualTo(escalate.getId());
    assertThat(failed.getContext()).containsEntry(TasksClient.FAILURE_REASON_KEY, "no answer");
  }

  @Test
  void crudAndTheServersQuirks(FakeCopilotzServer server, TasksClient client) {
    Workflow workflow = server.seedWorkflow("W", "S");
    Task task = client.createTask(request("U3", workflow));

    assertThat(
            client
                .updateTask(task.getId(), new UpdateTaskRequest().status(TaskStatus.PENDING))
                .getStatus())
        .isEqualTo(TaskStatus.PENDING);
    assertThat(client.listTasks(TaskQuery.builder().status(TaskStatus.PENDING).build())).hasSize(1);
    client.deleteTask(task.getId());
    assertThatThrownBy(() -> client.getTask(task.getId())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.updateTask(task.getId(), new UpdateTaskRequest().name("x")))
        .isInstanceOf(NotFoundException.class);
    client.deleteTask(task.getId());
  }

  @Test
  void pagingEndsWhetherTheServerHonoursItOrNot(FakeCopilotzServer server, TasksClient client) {
    Workflow workflow = server.seedWorkflow("W", "S");
    IntStream.range(0, 10).forEach(i -> client.createTask(request("P" + i, workflow)));
    TaskQuery pagesOfFive = TaskQuery.builder().pageSize(5).build();

    assertThat(client.listTasks(pagesOfFive)).hasSize(10);
    server.honourPaging(true);
    assertThat(client.listTasks(pagesOfFive)).hasSize(10);
    server.bareArrayLists(true);
    assertThat(client.async().listTasks(pagesOfFive).join()).hasSize(10);
  }

  @Test
  void credentialsLogInAndLogInAgainWhenTheTokenExpires(FakeCopilotzServer server) {
    MovableClock clock = new MovableClock(java.time.Instant.now());
    server.clock(clock).addUser("alice", "pw", "acme").tokenLifetime(Duration.ofMinutes(10));
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.baseUrl())
            .credentials("alice", "pw", "acme")
            .build()) {
      client.listTasks(TaskQuery.builder().build()).count();
      client.listTasks(TaskQuery.builder().build()).count();
      clock.advance(Duration.ofMinutes(11));
      client.listTasks(TaskQuery.builder().build()).count();
    }
    // The client's clock has not moved, so it still thinks the token fresh: the server's 401 makes
    // it log in
    // again, once, and repeat the call.
    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /api/auth/login",
            "GET /rest/tasks",
            "GET /rest/tasks",
            "GET /rest/tasks",
            "POST /api/auth/login",
            "GET /rest/tasks");
    assertThat(server.requests().get(3).header("Authorization").orElseThrow())
        .isEqualTo(server.requests().get(1).header("Authorization").orElseThrow())
        .isNotEqualTo(server.requests().get(5).header("Authorization").orElseThrow());
  }

  @Test
  void wrongCredentialsFailFast(FakeCopilotzServer server) {
    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.baseUrl())
            .credentials("mallory", "guess", "acme")
            .build()) {
      assertThatThrownBy(() -> client.getTask(1)).isInstanceOf(AuthenticationException.class);
    }
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aCreateDroppedAfterTheServerActedExistsOnce(FakeCopilotzServer server, TasksClient client) {
    Workflow workflow = server.seedWorkflow("W", "S");
    server.inject("POST", "/rest/tasks", 1, Fault.dropConnectionAfterApplying());

    Task task = client.createTask(request("ONCE", workflow));

    assertThat(server.tasks()).singleElement().extracting(Task::getId).isEqualTo(task.getId());
  }

  @Test
  void validationFailuresComeBackAs500(FakeCopilotzServer server, TasksClient client) {
    server.putTask(new Task().extId("E").name("n").description("d").status(TaskStatus.ACTIVE));
    server.inject(
        "PUT",
        "/rest/tasks/*",
        1,
        Fault.status(500)
            .body(
                "{\"error\":{\"message\":\"NOT NULL constraint failed: tasks.name\",\"status\":500}}",
                "application/json"));

    assertThatThrownBy(
            () ->
                client.updateTask(
                    1,
                    new UpdateTaskRequest().name("x"),
                    com.copilotz.tasks.RequestOptions.builder().maxRetries(0).build()))
        .isInstanceOf(InternalServerException.class)
        .hasMessageContaining("NOT NULL constraint failed: tasks.name");
  }

  @Test
  void aBulkSyncRerunMakesNoWrites(FakeCopilotzServer server, TasksClient client) {
    Workflow workflow = server.seedWorkflow("W", "S");
    List<CreateTaskRequest> rows =
        IntStream.range(0, 200)
            .mapToObj(i -> request("SYNC-" + i, workflow))
            .collect(Collectors.toList());

    SyncReport first = client.taskSync().build().run(rows);
    int requestsBefore = server.requests().size();
    SyncReport second = client.taskSync().build().run(rows);

    assertThat(first.created()).isEqualTo(200);
    assertThat(second.writes()).isZero();
    assertThat(second.unchanged()).isEqualTo(200);
    assertThat(server.requests().subList(requestsBefore, server.requests().size()))
        .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    assertThat(server.tasks()).hasSize(200);
  }

  @Test
  void populatedReadsAndAdvanceMakeOneGetAgainstTheFake(
      FakeCopilotzServer server, TasksClient client) {
    Workflow workflow = server.seedWorkflow("Onboarding", "Gather", "Confirm");
    Task task = client.createTask(request("POP-1", workflow));
    int before = server.requests().size();

    Task read =
        client.getTask(
            task.getId(),
            com.copilotz.tasks.Populate.WORKFLOW,
            com.copilotz.tasks.Populate.CURRENT_STEP);
    Task moved = client.advance(task.getId());

    assertThat(read.getWorkflow()).isEqualTo(workflow.getId());
    assertThat(read.populatedWorkflow())
        .get()
        .extracting(Workflow::getName)
        .isEqualTo("Onboarding");
    assertThat(read.populatedCurrentStep()).get().extracting(Step::getName).isEqualTo("Gather");
    assertThat(moved.populatedCurrentStep()).isEmpty();
    assertThat(server.step(moved.getCurrentStep()))
        .get()
        .extracting(Step::getName)
        .isEqualTo("Confirm");
    assertThat(server.requests().subList(before, server.requests().size()))
        .extracting(ReceivedRequest::toString)
        .containsExactly(
            "GET /rest/tasks/" + task.getId() + "?_populate=workflow%2CcurrentStep",
            "GET /rest/tasks/" + task.getId() + "?_populate=currentStep",
            "PUT /rest/tasks/" + task.getId());
  }
}
