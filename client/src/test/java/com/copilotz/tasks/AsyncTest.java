package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.assertJsonBody;
import static com.copilotz.tasks.Wire.assertNoBody;
import static com.copilotz.tasks.Wire.assertRestCall;
import static com.copilotz.tasks.Wire.json;
import static com.copilotz.tasks.Wire.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.errors.WorkflowException;
import com.copilotz.tasks.internal.http.Sleeper;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsyncTest {
  @StartStop final MockWebServer server = Wire.server();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
  TasksClient client;
  AsyncTasksClient async;

  /** Records each wait and runs the retry at once, so tests need not wait. */
  final Sleeper recordingSleeper =
      new Sleeper() {
        @Override
        public void sleep(Duration duration) {
          waits.add(duration);
        }

        @Override
        public void schedule(Duration duration, Runnable task) {
          waits.add(duration);
          CompletableFuture.runAsync(task);
        }
      };

  @BeforeEach
  void setUp() {
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .sleeper(recordingSleeper)
            .build();
    async = client.async();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  /**
   * Waits until the client's dispatcher runs no call: every callback of a finished or cancelled
   * call has run by then, so whatever it would have started would be running.
   */
  static void awaitIdle(TasksClient client) throws InterruptedException {
    okhttp3.Dispatcher dispatcher = client.core().httpClient.dispatcher();
    CountDownLatch idle = new CountDownLatch(1);
    dispatcher.setIdleCallback(idle::countDown);
    if (dispatcher.runningCallsCount() > 0) {
      assertThat(idle.await(60, TimeUnit.SECONDS)).as("the dispatcher became idle").isTrue();
    }
  }

  static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS);
  }

  static Throwable failureOf(CompletableFuture<?> future) {
    ExecutionException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ExecutionException.class, () -> future.get(60, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void getTaskCompletesWithTheTask() throws Exception {
    server.enqueue(json(TASK_JSON));

    Task task = await(async.getTask(7));

    assertThat(task.getId()).isEqualTo(7L);
    assertNoBody(assertRestCall(take(server), "GET", "/rest/tasks/7"));
  }

  @Test
  void createAndUpdateSendTheSameBodiesAsTheBlockingClient() throws Exception {
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));

    await(
        async.createTask(
            new CreateTaskRequest()
                .extId("E1")
                .status(TaskStatus.ACTIVE)
                .name("n")
                .description("d")));
    await(async.updateTask(7, new UpdateTaskRequest().status(TaskStatus.PENDING)));

    assertJsonBody(
        assertRestCall(take(server), "POST", "/rest/tasks"),
        "{\"extId\":\"E1\",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\"}");
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"), "{\"status\":\"pending\"}");
  }

  @Test
  void aFailureCompletesWithTheTypedException() {
    client.close();
    try (TasksClient noRetries =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(0)
            .build()) {
      server.enqueue(json(500, "{\"error\":{\"message\":\"boom\"}}"));
      server.enqueue(Wire.empty(200));

      assertThat(failureOf(noRetries.async().getTask(7)))
          .isInstanceOf(InternalServerException.class)
          .hasMessage("GET /rest/tasks/7 answered 500: boom");
      assertThat(failureOf(noRetries.async().getTask(8))).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void joinWrapsTheTypedExceptionInACompletionException() {
    server.enqueue(Wire.empty(200));

    assertThatThrownBy(() -> async.getStep(3).join())
        .isInstanceOf(java.util.concurrent.CompletionException.class)
        .hasCauseInstanceOf(NotFoundException.class);
  }

  @Test
  void retriesAreScheduledNotSlept() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(TASK_JSON));

    assertThat(await(async.getTask(7)).getId()).isEqualTo(7L);

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).hasSize(1);
  }

  @Test
  void cancellingTheFutureCancelsTheHttpCall() throws Exception {
    server.enqueue(json(TASK_JSON).newBuilder().headersDelay(10, TimeUnit.SECONDS).build());

    CompletableFuture<Task> future = async.getTask(7);
    take(server);
    assertThat(client.core().httpClient.dispatcher().runningCallsCount()).isEqualTo(1);

    assertThat(future.cancel(true)).isTrue();

    assertThat(future).isCancelled();
    assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
    awaitIdle(client);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancellingAnAdvanceStopsItBeforeItWrites() throws Exception {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "active")));
    server.enqueue(
        json(WorkflowHelpersTest.step(1, 2L, null))
            .newBuilder()
            .headersDelay(10, TimeUnit.SECONDS)
            .build());

    CompletableFuture<Task> future = async.advance(7);
    take(server);
    take(server);
    future.cancel(true);

    // The cancelled call's callback runs before the dispatcher counts it done: a PUT would be in
    // flight then.
    awaitIdle(client);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(waits).as("no retry was scheduled").isEmpty();
    assertThat(future).isCancelled();
  }

  @Test
  void advanceChainsItsCalls() throws Exception {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "active")));
    server.enqueue(json(WorkflowHelpersTest.step(1, null, null)));
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "completed")));

    Task done = await(async.advance(7, Map.of("result", "ok")));

    assertThat(done.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertRestCall(take(server), "GET", "/rest/tasks/7?_populate=currentStep");
    assertRestCall(take(server), "GET", "/rest/steps/1");
    assertJsonBody(
        assertRestCall(take(server), "PUT", "/rest/tasks/7"),
        "{\"status\":\"completed\",\"context\":{\"result\":\"ok\"}}");
  }

  @Test
  void failAndTheStatusHelpersWork() throws Exception {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 1L, "active")));
    server.enqueue(json(WorkflowHelpersTest.step(1, 2L, 5L)));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));

    await(async.fail(7, "no answer"));
    await(async.complete(7));
    await(async.cancel(7));

    take(server);
    take(server);
    assertJsonBody(
        take(server),
        "{\"currentStep\":5,\"status\":\"failed\",\"context\":{\"failureReason\":\"no answer\"}}");
    assertJsonBody(take(server), "{\"status\":\"completed\"}");
    assertJsonBody(take(server), "{\"status\":\"cancelled\"}");
  }

  @Test
  void aTaskWithoutAStepFailsWithAWorkflowException() {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, null, "active")));
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, null, "active")));

    assertThat(failureOf(async.advance(7)))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 has no currentStep");
    // Read once more without populating the step, which hides a missing one's id.
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aMissingStepFailsWithAWorkflowException() {
    server.enqueue(json(WorkflowHelpersTest.task(7, 2L, 4L, "active")));
    server.enqueue(Wire.empty(200));

    assertThat(failureOf(async.fail(7, "x")))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Task 7 is at step 4, which does not exist");
  }

  @Test
  void workflowStepsFollowsTheChain() throws Exception {
    server.enqueue(json("{\"_id\":2,\"firstStep\":1}"));
    server.enqueue(json(WorkflowHelpersTest.step(1, 2L, null)));
    server.enqueue(json(WorkflowHelpersTest.step(2, null, null)));

    assertThat(await(async.workflowSteps(2))).extracting(Step::getId).containsExactly(1L, 2L);
    assertThat(await(async.workflowSteps(2))).extracting(Step::getId).containsExactly(1L, 2L);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void workflowStepsReportsALoopAndADanglingNext() {
    server.enqueue(json("{\"_id\":2,\"firstStep\":1}"));
    server.enqueue(json(WorkflowHelpersTest.step(1, 1L, null)));
    server.enqueue(json("{\"_id\":3,\"firstStep\":5}"));
    server.enqueue(Wire.empty(200));

    assertThat(failureOf(async.workflowSteps(2)))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Workflow 2 loops: step 1 leads back to step 1");
    assertThat(failureOf(async.workflowSteps(3)))
        .isInstanceOf(WorkflowException.class)
        .hasMessage("Workflow 3: step 5 (its firstStep) does not exist");
  }

  @Test
  void listTasksCollectsEveryPageOnce() throws Exception {
    server.enqueue(json("{\"data\":[" + Wire.task(1, "A") + "," + Wire.task(2, "B") + "]}"));
    server.enqueue(json("{\"data\":[" + Wire.task(1, "A") + "," + Wire.task(2, "B") + "]}"));

    List<Task> tasks = await(async.listTasks(TaskQuery.builder().pageSize(2).build()));

    assertThat(tasks).extracting(Task::getId).containsExactly(1L, 2L);
    assertRestCall(take(server), "GET", "/rest/tasks?limit=2&offset=0");
    assertRestCall(take(server), "GET", "/rest/tasks?limit=2&offset=2");
  }

  @Test
  void findAndUpsertByExtId() throws Exception {
    server.enqueue(json("{\"data\":[" + ExtIdTest.STORED + "]}"));
    server.enqueue(json("{\"data\":[" + ExtIdTest.STORED + "]}"));
    server.enqueue(json("{\"data\":[]}"));
    server.enqueue(json(ExtIdTest.STORED));

    assertThat(await(async.findByExtId("CRM-1"))).get().extracting(Task::getId).isEqualTo(41L);
    assertThat(await(async.upsertByExtId(ExtIdTest.desired())).getId()).isEqualTo(41L);
    assertThat(server.getRequestCount()).isEqualTo(2);
    await(async.upsertByExtId(ExtIdTest.desired().extId("CRM-2")));

    take(server);
    take(server);
    assertRestCall(take(server), "GET", "/rest/tasks?extId=CRM-2&limit=100&offset=0");
    assertRestCall(take(server), "POST", "/rest/tasks");
  }

  @Test
  void deleteGetWorkflowAndGetStep() throws Exception {
    server.enqueue(json("{\"_id\":7,\"deleted\":true}"));
    server.enqueue(json("{\"_id\":2,\"name\":\"W\"}"));
    server.enqueue(json(WorkflowHelpersTest.step(1, null, null)));

    assertThat(await(async.deleteTask(7))).isNull();
    assertThat(await(async.getWorkflow(2)).getName()).isEqualTo("W");
    assertThat(await(async.getStep(1)).getId()).isEqualTo(1L);

    assertRestCall(take(server), "DELETE", "/rest/tasks/7");
    assertRestCall(take(server), "GET", "/rest/workflows/2");
    assertRestCall(take(server), "GET", "/rest/steps/1");
  }

  @Test
  void badArgumentsThrowAtOnceAndSendNothing() {
    assertThatThrownBy(() -> async.getTask(0)).hasMessage("id must be a positive id, was 0");
    assertThatThrownBy(() -> async.createTask(null)).hasMessage("request");
    assertThatThrownBy(() -> async.updateTask(1, new UpdateTaskRequest()))
        .hasMessage("request sets no field to update");
    assertThatThrownBy(() -> async.listTasks(null)).hasMessage("query");
    assertThatThrownBy(() -> async.fail(1, "")).hasMessage("reason must not be blank");
    assertThatThrownBy(() -> async.upsertByExtId(new CreateTaskRequest()))
        .hasMessage("request.extId is required");
    assertThat(server.getRequestCount()).isZero();
  }
}
