package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.assertJsonBody;
import static com.copilotz.tasks.Wire.assertNoBody;
import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.copilotz.tasks.model.Workflow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class TasksClientTest extends AgainstMockServer {
  @Test
  void createTaskPostsTheRequestAndReadsTheStoredTask() throws Exception {
    server.enqueue(json(TASK_JSON));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("issue", "Account locked");
    context.put("priority", "high");

    Task task =
        client.createTask(
            new CreateTaskRequest()
                .extId("SUPPORT_56789")
                .workflow(2L)
                .currentStep(1L)
                .status(TaskStatus.ACTIVE)
                .name("Resolve Customer Issue")
                .description("Task to resolve a customer support issue.")
                .context(context));

    RecordedRequest request = assertRestCall(take(server), "POST", "/rest/tasks");
    assertJsonBody(
        request,
        "{\"extId\":\"SUPPORT_56789\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\","
            + "\"name\":\"Resolve Customer Issue\",\"description\":\"Task to resolve a customer support issue.\","
            + "\"context\":{\"issue\":\"Account locked\",\"priority\":\"high\"}}");
    assertThat(task.getId()).isEqualTo(7L);
    assertThat(task.getExtId()).isEqualTo("SUPPORT_56789");
    assertThat(task.getWorkflow()).isEqualTo(2L);
    assertThat(task.getCurrentStep()).isEqualTo(1L);
    assertThat(task.getStatus()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(task.getName()).isEqualTo("Resolve Customer Issue");
    assertThat(task.getDescription()).isEqualTo("Task to resolve a customer support issue.");
    assertThat(task.getContext())
        .containsExactly(
            Map.entry("customer", "John Doe"),
            Map.entry("issue", "Account locked"),
            Map.entry("priority", "high"));
    assertThat(task.getCreatedAt())
        .isEqualTo(OffsetDateTime.of(2026, 11, 1, 10, 0, 0, 0, ZoneOffset.UTC));
    assertThat(task.getUpdatedAt())
        .isEqualTo(OffsetDateTime.of(2026, 11, 2, 11, 30, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void createTaskLeavesOutUnsetFieldsAndAnEmptyContext() throws Exception {
    server.enqueue(json(TASK_JSON));

    client.createTask(
        new CreateTaskRequest()
            .extId("E1")
            .status(TaskStatus.PENDING)
            .name("n")
            .description("d")
            .context(Map.of()));

    assertJsonBody(
        take(server),
        "{\"extId\":\"E1\",\"status\":\"pending\",\"name\":\"n\",\"description\":\"d\"}");
  }

  @Test
  void getTaskReadsTheTask() throws Exception {
    server.enqueue(json(TASK_JSON));

    Task task = client.getTask(7);

    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7"));
    assertThat(task.getId()).isEqualTo(7L);
    assertThat(task.getStatus()).isEqualTo(TaskStatus.ACTIVE);
  }

  @Test
  void updateTaskSendsOnlyTheFieldsThatWereSet() throws Exception {
    server.enqueue(json(TASK_JSON.replace("\"currentStep\":1", "\"currentStep\":2")));

    Task task =
        client.updateTask(
            7,
            new UpdateTaskRequest()
                .currentStep(2L)
                .status(TaskStatus.PENDING)
                .context(Map.of("emailSent", true)));

    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"currentStep\":2,\"status\":\"pending\",\"context\":{\"emailSent\":true}}");
    assertThat(task.getCurrentStep()).isEqualTo(2L);
  }

  @Test
  void updateTaskKeepsNullValuesInsideTheContext() throws Exception {
    server.enqueue(json(TASK_JSON));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("reason", null);
    context.put("nested", Map.of());

    client.updateTask(7, new UpdateTaskRequest().context(context));

    assertJsonBody(take(server), "{\"context\":{\"reason\":null,\"nested\":{}}}");
  }

  @Test
  void deleteTaskSendsADelete() throws Exception {
    server.enqueue(json("{\"_id\":7,\"deleted\":true}"));

    client.deleteTask(7);

    assertNoBody(assertRestCall(take(server), "DELETE", "/rest/tasks/7"));
  }

  @Test
  void deleteTaskAcceptsAnEmptyAnswer() throws Exception {
    server.enqueue(Wire.empty(200));

    client.deleteTask(8);

    assertRestCall(take(server), "DELETE", "/rest/tasks/8");
  }

  @Test
  void getWorkflowReadsItsSteps() throws Exception {
    server.enqueue(
        json(
            "{\"_id\":2,\"name\":\"Customer Onboarding\",\"description\":\"Onboard\",\"instructions\":\"Be kind\","
                + "\"steps\":[1,2,3],\"firstStep\":1,\"createdAt\":\"2026-01-01T00:00:00Z\"}"));

    Workflow workflow = client.getWorkflow(2);

    assertNoBody(assertRestCall(take(server), "GET", "/rest/workflows/2"));
    assertThat(workflow.getId()).isEqualTo(2L);
    assertThat(workflow.getName()).isEqualTo("Customer Onboarding");
    assertThat(workflow.getDescription()).isEqualTo("Onboard");
    assertThat(workflow.getInstructions()).isEqualTo("Be kind");
    assertThat(workflow.getSteps()).containsExactly(1L, 2L, 3L);
    assertThat(workflow.getFirstStep()).isEqualTo(1L);
  }

  @Test
  void getStepReadsNextAndFailedNext() throws Exception {
    server.enqueue(
        json(
            "{\"_id\":1,\"name\":\"Gather user information\",\"description\":\"Ask\",\"instructions\":\"Ask nicely\","
                + "\"next\":2,\"failedNext\":9,\"submitWhen\":\"done\",\"actions\":[]}"));
    server.enqueue(json("{\"_id\":3,\"name\":\"Complete onboarding\",\"next\":null}"));

    Step first = client.getStep(1);
    Step last = client.getStep(3);

    assertNoBody(assertRestCall(take(server), "GET", "/rest/steps/1"));
    assertRestCall(take(server), "GET", "/rest/steps/3");
    assertThat(first.getId()).isEqualTo(1L);
    assertThat(first.getName()).isEqualTo("Gather user information");
    assertThat(first.getNext()).isEqualTo(2L);
    assertThat(first.getFailedNext()).isEqualTo(9L);
    assertThat(last.getNext()).isNull();
    assertThat(last.getFailedNext()).isNull();
  }

  @Test
  void unknownStatusIsKeptAndUnknownFieldsAreIgnored() {
    server.enqueue(
        json(
            "{\"_id\":9,\"status\":\"escalated\",\"brandNewField\":{\"x\":[1,2]},\"extId\":\"E9\"}"));

    Task task = client.getTask(9);

    assertThat(task.getStatus().value()).isEqualTo("escalated");
    assertThat(task.getStatus().isKnown()).isFalse();
    assertThat(task.getStatus()).isEqualTo(TaskStatus.of("escalated"));
    assertThat(task.getExtId()).isEqualTo("E9");
  }

  @Test
  void readsTheDateShapesADatabaseMayHandBack() {
    server.enqueue(
        json("{\"_id\":1,\"createdAt\":\"2026-11-01 10:00:00\",\"updatedAt\":1767225600000}"));

    Task task = client.getTask(1);

    assertThat(task.getCreatedAt())
        .isEqualTo(OffsetDateTime.of(2026, 11, 1, 10, 0, 0, 0, ZoneOffset.UTC));
    assertThat(task.getUpdatedAt())
        .isEqualTo(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }

  @Test
  void aBaseUrlPathPrefixIsKept() throws Exception {
    try (TasksClient prefixed =
        TasksClient.builder()
            .baseUrl(server.url("/copilotz").toString())
            .accessToken(Wire.TOKEN)
            .build()) {
      server.enqueue(json(TASK_JSON));

      prefixed.getTask(7);

      assertThat(take(server).getTarget()).isEqualTo("/copilotz/rest/tasks/7");
    }
  }

  @Test
  void contextValuesKeepTheirJsonTypes() {
    server.enqueue(
        json(
            "{\"_id\":1,\"context\":{\"n\":3,\"big\":12345678901,\"f\":1.5,\"b\":false,\"l\":[1,\"a\"],\"o\":{\"k\":null}}}"));

    Map<String, Object> context = client.getTask(1).getContext();

    assertThat(context.get("n")).isEqualTo(3);
    assertThat(context.get("big")).isEqualTo(12345678901L);
    assertThat(context.get("f")).isEqualTo(1.5);
    assertThat(context.get("b")).isEqualTo(false);
    assertThat(context.get("l")).isEqualTo(List.of(1, "a"));
    assertThat(context.get("o")).isEqualTo(java.util.Collections.singletonMap("k", null));
  }
}
