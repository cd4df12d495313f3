package com.copilotz.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.copilotz.tasks.errors.TaskMovedException;
import com.copilotz.tasks.errors.UnconfirmedWriteException;
import com.copilotz.tasks.internal.json.ObjectMappers;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A write whose answer is lost is settled by reading the task, never sent blindly again: for each
 * kind of write, each way an answer is lost after the server applied the write or before it did,
 * with and without the agent moving the task in between. Against the project's model of the server,
 * on one virtual clock that the server's {@code Date} and the client's waits share; each case
 * asserts the requests sent, one by one, and the task as stored.
 */
class NeverUndoTheAgentTest {
  static final Instant SEEDED = Instant.parse("2026-12-01T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  /** Ten times and more what an answer of the test server needs on a busy machine. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

  @StartStop final MockWebServer server = Wire.server();
  final BackendWithFaults backend = new BackendWithFaults();
  final VirtualTime time = new VirtualTime(SEEDED);
  final MutableClock clock = time.clock;
  final List<Duration> waits = time.waits;
  final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  TasksClient client;
  long taskId;

  /** The writes of the SDK, each from step 2 of the workflow 1 → 2 → 3 to step 3. */
  enum Write {
    /** {@code advance(id, At.step(2).withStatus(ACTIVE), patch)}: read, then a guarded PUT. */
    GUARDED_ADVANCE,
    /** {@code advance(id, patch)}: read, then a PUT from what was read. */
    ADVANCE,
    /** {@code updateTask(id, {currentStep: 3, status: active, context: patch})}: a PUT alone. */
    UPDATE,
    /** {@code complete(id)}: a PUT alone. */
    COMPLETE,
    /** {@code upsertByExtId(..)} of a changed row: a listing, then a PUT of what differs. */
    UPSERT;

    Task run(TasksClient client, long id) {
      Map<String, Object> patch = Map.of("emailSent", "yes");
      switch (this) {
        case GUARDED_ADVANCE:
          return client.advance(id, At.step(2).withStatus(TaskStatus.ACTIVE), patch);
        case ADVANCE:
          return client.advance(id, patch);
        case UPDATE:
          return client.updateTask(
              id, new UpdateTaskRequest().currentStep(3L).status(TaskStatus.ACTIVE).context(patch));
        case COMPLETE:
          return client.complete(id);
        default:
          return client.upsertByExtId(
              new CreateTaskRequest()
                  .extId("T-1")
                  .status(TaskStatus.ACTIVE)
                  .name("Onboard Ada")
                  .description("Customer onboarding")
                  .context(patch));
      }
    }

    /** The requests before the write, as method and target. */
    List<String> before(long id) {
      switch (this) {
        case GUARDED_ADVANCE:
        case ADVANCE:
          // The server sends the step with the task: no read of the step.
          return List.of("GET /rest/tasks/" + id + "?_populate=currentStep");
        case UPSERT:
          return List.of("GET /rest/tasks?extId=T-1&limit=100&offset=0");
        default:
          return List.of();
      }
    }

    /** Whether the task as stored holds this write. */
    boolean isIn(ObjectNode task) {
      if (this == COMPLETE) {
        return task.path("status").asText().equals("completed");
      }
      boolean patched = task.path("context").path("emailSent").asText().equals("yes");
      return this == UPSERT
          ? patched
          : patched
              && task.path("currentStep").asLong() == 3
              && task.path("status").asText().equals("active");
    }
  }

  /** How the write's answer is lost. */
  enum Lost {
    APPLIED_THEN_503(true),
    APPLIED_THEN_DROP(true),
    APPLIED_THEN_TIMEOUT(true),
    NOT_APPLIED_THEN_503(false);

    final boolean applied;

    Lost(boolean applied) {
      this.applied = applied;
    }

    MockResponse answer() {
      switch (this) {
        case APPLIED_THEN_DROP:
          return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        case APPLIED_THEN_TIMEOUT:
          // Never answered: only the attempt's timeout ends it.
          return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
        default:
          return new MockResponse.Builder()
              .code(503)
              .setHeader("Retry-After", "2")
              .setHeader("Content-Type", "application/json; charset=utf-8")
              .body("{\"error\":{\"message\":\"busy\"}}")
              .build();
      }
    }
  }

  @BeforeEach
  void seed() {
    backend.backend.clock(clock);
    server.setDispatcher(backend);
    backend.backend.put(
        "steps", JSON.createObjectNode().put("_id", 1).put("name", "Gather").put("next", 2));
    backend.backend.put(
        "steps", JSON.createObjectNode().put("_id", 2).put("name", "Confirm").put("next", 3));
    backend.backend.put("steps", JSON.createObjectNode().put("_id", 3).put("name", "Complete"));
    ObjectNode workflow = JSON.createObjectNode().put("_id", 1).put("name", "Onboarding");
    workflow.putArray("steps").add(1).add(2).add(3);
    backend.backend.put("workflows", workflow.put("firstStep", 1));
    taskId =
        backend
            .backend
            .put(
                "tasks",
                JSON.createObjectNode()
                    .put("extId", "T-1")
                    .put("workflow", 1)
                    .put("currentStep", 2)
                    .put("status", "active")
                    .put("name", "Onboard Ada")
                    .put("description", "Customer onboarding"))
            .get("_id")
            .asLong();
    clock.advance(Duration.ofMinutes(1));
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(Wire.TOKEN)
            .maxRetries(2)
            .timeout(ATTEMPT_TIMEOUT)
            .clock(clock)
            .sleeper(time)
            .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  /**
   * The first PUT of the write is answered as {@code lost} says; when {@code agent}, the agent
   * submits the step the task is at right after it (or, for a write not applied, right before the
   * answer, as it would while the client waits).
   */
  void loseTheFirstPut(Lost lost, boolean agent) {
    AtomicBoolean first = new AtomicBoolean(true);
    backend.faults(
        request -> {
          sent.add(request.getMethod() + " " + request.getTarget());
          if (!request.getMethod().equals("PUT") || !first.getAndSet(false)) {
            return null;
          }
          if (lost.applied) {
            backend.answer(request);
          }
          if (agent) {
            agentSubmitsWhereTheTaskIs();
          }
          return lost.answer();
        });
  }

  void agentSubmitsWhereTheTaskIs() {
    ObjectNode task = stored();
    backend.backend.agentSubmit(
        taskId,
        task.path("currentStep").asLong(),
        true,
        JSON.createObjectNode(),
        JSON.createObjectNode().put("checked", "yes"));
  }

  ObjectNode stored() {
    return backend.backend.rows("tasks").stream()
        .filter(row -> row.get("_id").asLong() == taskId)
        .findFirst()
        .orElseThrow();
  }

  List<String> expected(Write write, String... after) {
    List<String> expected = new ArrayList<>(write.before(taskId));
    expected.add("PUT /rest/tasks/" + taskId);
    expected.addAll(List.of(after));
    return expected;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GUARDED_ADVANCE,APPLIED_THEN_503",
    "GUARDED_ADVANCE,APPLIED_THEN_DROP",
    "GUARDED_ADVANCE,APPLIED_THEN_TIMEOUT",
    "ADVANCE,APPLIED_THEN_503",
    "ADVANCE,APPLIED_THEN_DROP",
    "ADVANCE,APPLIED_THEN_TIMEOUT",
    "UPDATE,APPLIED_THEN_503",
    "UPDATE,APPLIED_THEN_DROP",
    "UPDATE,APPLIED_THEN_TIMEOUT",
    "COMPLETE,APPLIED_THEN_503",
    "COMPLETE,APPLIED_THEN_TIMEOUT",
    "UPSERT,APPLIED_THEN_503",
    "UPSERT,APPLIED_THEN_DROP"
  })
  void aWriteAppliedWhoseAnswerIsLostIsReadBackAndNotSentAgain(Write write, Lost lost) {
    loseTheFirstPut(lost, false);

    Task result = write.run(client, taskId);

    assertThat(sent).containsExactlyElementsOf(expected(write, "GET /rest/tasks/" + taskId));
    assertThat(write.isIn(stored())).isTrue();
    assertThat(result.getUpdatedAt().toInstant())
        .isEqualTo(Instant.parse(stored().get("updatedAt").asText()));
    assertThat(backend.writes.get()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GUARDED_ADVANCE,APPLIED_THEN_503,TaskMovedException",
    "GUARDED_ADVANCE,APPLIED_THEN_DROP,TaskMovedException",
    "GUARDED_ADVANCE,APPLIED_THEN_TIMEOUT,TaskMovedException",
    "ADVANCE,APPLIED_THEN_503,UnconfirmedWriteException",
    "ADVANCE,APPLIED_THEN_TIMEOUT,UnconfirmedWriteException",
    "UPDATE,APPLIED_THEN_503,UnconfirmedWriteException",
    "UPDATE,APPLIED_THEN_DROP,UnconfirmedWriteException"
  })
  void aWriteAppliedThenMovedOnByTheAgentIsNeverSentAgainOverTheAgentsMove(
      Write write, Lost lost, String thrown) {
    loseTheFirstPut(lost, true);

    Throwable failure = catchThrowable(() -> write.run(client, taskId));

    // The agent completed the task at step 3 after the write: it stays completed.
    assertThat(failure.getClass().getSimpleName()).as(String.valueOf(failure)).isEqualTo(thrown);
    assertThat(sent).containsExactlyElementsOf(expected(write, "GET /rest/tasks/" + taskId));
    assertThat(stored().path("status").asText()).isEqualTo("completed");
    assertThat(stored().path("currentStep").asLong()).isEqualTo(3);
    if (failure instanceof UnconfirmedWriteException) {
      assertThat(((UnconfirmedWriteException) failure).task())
          .get()
          .extracting(Task::getStatus)
          .isEqualTo(TaskStatus.COMPLETED);
    } else {
      assertThat(((TaskMovedException) failure).task().getStatus()).isEqualTo(TaskStatus.COMPLETED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GUARDED_ADVANCE", "ADVANCE", "UPDATE", "COMPLETE", "UPSERT"})
  void aWriteNotAppliedIsSentAgainWhenTheTaskIsWhereItWasLeft(Write write) {
    loseTheFirstPut(Lost.NOT_APPLIED_THEN_503, false);

    Task result = write.run(client, taskId);

    assertThat(sent)
        .containsExactlyElementsOf(
            expected(write, "GET /rest/tasks/" + taskId, "PUT /rest/tasks/" + taskId));
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
    assertThat(write.isIn(stored())).isTrue();
    assertThat(write.isIn(ObjectMappers.mapper(null).valueToTree(result))).isTrue();
    assertThat(backend.writes.get()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "GUARDED_ADVANCE,TaskMovedException",
    "ADVANCE,UnconfirmedWriteException",
    "UPDATE,UnconfirmedWriteException",
    "COMPLETE,UnconfirmedWriteException",
    "UPSERT,UnconfirmedWriteException"
  })
  void aWriteNotAppliedIsNotSentAgainOverTheAgentsMoveMeanwhile(Write write, String thrown) {
    loseTheFirstPut(Lost.NOT_APPLIED_THEN_503, true);

    Throwable failure = catchThrowable(() -> write.run(client, taskId));

    // The agent moved the task from step 2 to step 3 while the write's answer was lost.
    assertThat(failure.getClass().getSimpleName()).as(String.valueOf(failure)).isEqualTo(thrown);
    assertThat(sent).containsExactlyElementsOf(expected(write, "GET /rest/tasks/" + taskId));
    assertThat(stored().path("currentStep").asLong()).isEqualTo(3);
    assertThat(stored().path("status").asText()).isEqualTo("active");
    assertThat(stored().path("context").path("state").path("checked").asText()).isEqualTo("yes");
    assertThat(write.isIn(stored())).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GUARDED_ADVANCE", "UPDATE"})
  void theAsyncClientSettlesTheSameWay(Write write) {
    loseTheFirstPut(Lost.APPLIED_THEN_503, true);

    Throwable failure =
        catchThrowable(
            () -> {
              Map<String, Object> patch = Map.of("emailSent", "yes");
              if (write == Write.UPDATE) {
                client
                    .async()
                    .updateTask(
                        taskId,
                        new UpdateTaskRequest()
                            .currentStep(3L)
                            .status(TaskStatus.ACTIVE)
                            .context(patch))
                    .join();
              } else {
                client.async().advance(taskId, At.step(2), patch).join();
              }
            });

    assertThat(failure)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(
            write == Write.UPDATE ? UnconfirmedWriteException.class : TaskMovedException.class);
    assertThat(sent).containsExactlyElementsOf(expected(write, "GET /rest/tasks/" + taskId));
    assertThat(stored().path("status").asText()).isEqualTo("completed");
  }
}
