package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.assertJsonBody;
import static com.copilotz.tasks.Wire.assertNoBody;
import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowHelpersTest {
  @StartStop final MockWebServer server = Wire.server();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  TasksClient client;

  @BeforeEach
  void setUp() {
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .clock(clock)
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  static String task(long id, Long workflow, Long currentStep, String status) {
    return "{\"_id\":"
        + id
        + ",\"extId\":\"E"
        + id
        + "\",\"workflow\":"
        + workflow
        + ",\"currentStep\":"
        + currentStep
        + ",\"status\":\""
        + status
        + "\",\"name\":\"n\",\"description\":\"d\"}";
  }

  static String step(long id, Long next, Long failedNext) {
    return "{\"_id\":"
        + id
        + ",\"name\":\"Step "
        + id
        + "\",\"next\":"
        + next
        + (failedNext == null ? "" : ",\"failedNext\":" + failedNext)
        + "}";
  }

  @Test
  void advanceMovesToTheNextStepInOnePut() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "pending")));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(task(7, 2L, 2L, "active")));

    Task moved = client.advance(7);

    // The task is asked for with its step populated; this server sent the id only, so the step is
    // read too.
    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7?_populate=currentStep"));
    assertNoBody(assertRestCall(take(server), "GET", "/rest/steps/1"));
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"currentStep\":2,\"status\":\"active\"}");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(moved.getCurrentStep()).isEqualTo(2L);
  }

  @Test
  void advanceMergesTheContextPatchInTheSamePut() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(task(7, 2L, 2L, "active")));

    client.advance(7, Map.of("emailSent", true));

    take(server);
    take(server);
    assertJsonBody(
        take(server), "{\"currentStep\":2,\"status\":\"active\",\"context\":{\"emailSent\":true}}");
  }

  @Test
  void advanceAtTheLastStepCompletesTheTaskAndKeepsTheStep() throws Exception {
    server.enqueue(json(task(7, 2L, 3L, "active")));
    server.enqueue(json(step(3, null, null)));
    server.enqueue(json(task(7, 2L, 3L, "completed")));

    client.advance(7);

    take(server);
    take(server);
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"), "{\"status\":\"completed\"}");
  }

  @Test
  void stepsAreCachedAcrossHelpers() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, 9L)));
    server.enqueue(json(task(7, 2L, 2L, "active")));
    server.enqueue(json(task(8, 2L, 1L, "active")));
    server.enqueue(json(task(8, 2L, 9L, "failed")));

    client.advance(7);
    client.fail(8, "timeout");

    assertThat(server.getRequestCount()).isEqualTo(5);
    take(server);
    take(server);
    take(server);
    assertRestCall(take(server), "GET", "/rest/tasks/8?_populate=currentStep");
    assertRestCall(take(server), "PUT", "/rest/tasks/8");
  }

  static String populatedTask(long id, long workflow, String step) {
    return "{\"_id\":"
        + id
        + ",\"extId\":\"E"
        + id
        + "\",\"workflow\":"
        + workflow
        + ",\"currentStep\":"
        + step
        + ",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\"}";
  }

  @Test
  void aPopulatedStepSavesTheStepRequestAndFillsTheCache() throws Exception {
    server.enqueue(json(populatedTask(7, 2, step(1, 2L, 9L))));
    server.enqueue(json(task(7, 2L, 2L, "active")));
    server.enqueue(json(task(8, 2L, 1L, "active")));
    server.enqueue(json(task(8, 2L, 9L, "failed")));

    client.advance(7);
    client.fail(8, "timeout");

    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7?_populate=currentStep"));
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"currentStep\":2,\"status\":\"active\"}");
    assertRestCall(take(server), "GET", "/rest/tasks/8?_populate=currentStep");
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/8"),
        "{\"currentStep\":9,\"status\":\"failed\",\"context\":{\"failureReason\":\"timeout\"}}");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void theCacheForgetsAfterItsLifetime() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(task(7, 2L, 2L, "active")));
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(task(7, 2L, 2L, "active")));

    client.advance(7);
    clock.advance(TasksClient.DEFAULT_WORKFLOW_CACHE_TTL);
    client.advance(7);

    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aTaskWithoutAStepCannotAdvanceAndNothingIsWritten() throws InterruptedException {
    // Read with its step populated, a task without one looks like a task at a step that does not
    // exist (the server sends an object of nulls for both): it is read once more without.
    server.enqueue(json(task(7, 2L, null, "active")));
    server.enqueue(json(task(7, 2L, null, "active")));

    assertThatThrownBy(() -> client.advance(7))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 has no currentStep");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7?_populate=currentStep");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStepThatDoesNotExistIsNamedEvenWhenThePopulatedReadHidesItsId()
      throws InterruptedException {
    // The server's answer for a dangling reference: an object of nulls, in place of the id.
    server.enqueue(
        json(
            "{\"_id\":7,\"extId\":\"E\",\"workflow\":2,\"status\":\"active\",\"name\":\"n\","
                + "\"description\":\"d\",\"currentStep\":{\"_id\":null,\"name\":null,\"next\":null}}"));
    server.enqueue(json(task(7, 2L, 99L, "active")));
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> client.advance(7))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 is at step 99, which does not exist");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7?_populate=currentStep");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/steps/99");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aTaskWithoutAWorkflowCannotFailAndNothingIsWritten() {
    server.enqueue(json(task(7, null, 1L, "active")));

    assertThatThrownBy(() -> client.fail(7, "x"))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 has no workflow");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aStepThatDoesNotExistSaysWhichAndNothingIsWritten() {
    server.enqueue(json(task(7, 2L, 3L, "active")));
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> client.advance(7))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 is at step 3, which does not exist")
        .hasCauseInstanceOf(NotFoundException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void failGoesToFailedNextAndKeepsTheReason() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, 9L)));
    server.enqueue(json(task(7, 2L, 9L, "failed")));

    client.fail(7, "card declined");

    take(server);
    take(server);
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"currentStep\":9,\"status\":\"failed\",\"context\":{\"failureReason\":\"card declined\"}}");
  }

  @Test
  void failWithoutFailedNextStaysAtTheStep() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "active")));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(task(7, 2L, 1L, "failed")));

    client.fail(7, "card declined");

    take(server);
    take(server);
    assertJsonBody(
        take(server), "{\"status\":\"failed\",\"context\":{\"failureReason\":\"card declined\"}}");
  }

  @Test
  void completeAndCancelSetTheStatusAndNothingElse() throws Exception {
    server.enqueue(json(task(7, 2L, 1L, "completed")));
    server.enqueue(json(task(8, 2L, 1L, "cancelled")));

    client.complete(7);
    client.cancel(8);

    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"), "{\"status\":\"completed\"}");
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/8"), "{\"status\":\"cancelled\"}");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void workflowStepsFollowsFirstStepThenNextAndIsCached() throws Exception {
    server.enqueue(
        json("{\"_id\":2,\"name\":\"Onboarding\",\"steps\":[30,10,20],\"firstStep\":10}"));
    server.enqueue(json(step(10, 20L, null)));
    server.enqueue(json(step(20, 30L, null)));
    server.enqueue(json(step(30, null, null)));

    assertThat(client.workflowSteps(2).stream().map(Step::getId).collect(Collectors.toList()))
        .containsExactly(10L, 20L, 30L);
    assertThat(client.workflowSteps(2))
        .extracting(Step::getName)
        .containsExactly("Step 10", "Step 20", "Step 30");

    assertRestCall(take(server), "GET", "/rest/workflows/2");
    assertRestCall(take(server), "GET", "/rest/steps/10");
    assertRestCall(take(server), "GET", "/rest/steps/20");
    assertRestCall(take(server), "GET", "/rest/steps/30");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void workflowStepsStopsOnALoop() {
    server.enqueue(json("{\"_id\":2,\"firstStep\":1}"));
    server.enqueue(json(step(1, 2L, null)));
    server.enqueue(json(step(2, 1L, null)));

    assertThatThrownBy(() -> client.workflowSteps(2))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Workflow 2 loops: step 2 leads back to step 1");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void workflowStepsStopsOnADanglingNext() {
    server.enqueue(json("{\"_id\":2,\"firstStep\":1}"));
    server.enqueue(json(step(1, 9L, null)));
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> client.workflowSteps(2))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Workflow 2: step 9 (the next of step 1) does not exist");
  }

  @Test
  void aWorkflowWithoutFirstStepHasNoSteps() {
    server.enqueue(json("{\"_id\":2,\"name\":\"Empty\"}"));

    assertThat(client.workflowSteps(2)).isEmpty();
  }

  @Test
  void aMissingWorkflowIsNotFound() {
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> client.workflowSteps(5)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aZeroLifetimeDisablesTheCache() {
    try (TasksClient uncached =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .workflowCacheTtl(Duration.ZERO)
            .build()) {
      server.enqueue(json("{\"_id\":2,\"firstStep\":1}"));
      server.enqueue(json(step(1, null, null)));
      server.enqueue(json("{\"_id\":2,\"firstStep\":1}"));
      server.enqueue(json(step(1, null, null)));

      uncached.workflowSteps(2);
      uncached.workflowSteps(2);

      assertThat(server.getRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void helperArgumentsAreCheckedBeforeAnyRequest() {
    assertThatThrownBy(() -> client.advance(0)).hasMessage("id must be a positive id, was 0");
    assertThatThrownBy(() -> client.advance(1, (Map<String, Object>) null))
        .hasMessage("contextPatch");
    assertThatThrownBy(() -> client.fail(1, null)).hasMessage("reason");
    assertThatThrownBy(() -> client.fail(1, " ")).hasMessage("reason must not be blank");
    assertThatThrownBy(() -> client.complete(-1)).hasMessage("id must be a positive id, was -1");
    assertThatThrownBy(() -> client.cancel(0)).hasMessage("id must be a positive id, was 0");
    assertThatThrownBy(() -> client.workflowSteps(0))
        .hasMessage("workflowId must be a positive id, was 0");
    assertThatThrownBy(() -> client.findByExtId("")).hasMessage("extId must not be blank");
    assertThatThrownBy(() -> client.upsertByExtId(null)).hasMessage("request");
    assertThatThrownBy(() -> TasksClient.builder().workflowCacheTtl(Duration.ofSeconds(-1)))
        .hasMessage("ttl must not be negative, was PT-1S");
    assertThat(server.getRequestCount()).isZero();
  }
}
