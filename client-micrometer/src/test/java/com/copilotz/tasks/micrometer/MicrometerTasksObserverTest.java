package com.copilotz.tasks.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.HandledTask;
import com.copilotz.tasks.StepResult;
import com.copilotz.tasks.SyncReport;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.TasksObserver;
import com.copilotz.tasks.errors.NotFoundException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.TaskStatus;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The observations the client makes through MicrometerTasksObserver, key by key, against
 * MockWebServer.
 */
class MicrometerTasksObserverTest {
  static final String TOKEN = "tk_micrometer_secret_0123";
  static final String TASK =
      "{\"_id\":7,\"extId\":\"CRM-7\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\",\"name\":\"n\","
          + "\"description\":\"d\",\"context\":{\"k\":1}}";

  @StartStop final MockWebServer server = new MockWebServer();
  final RecordingHandler recorded = new RecordingHandler();
  final TestObservationRegistry registry = TestObservationRegistry.create();

  {
    registry.observationConfig().observationHandler(recorded);
  }

  TasksClient client;

  TasksClient client(MicrometerTasksObserver observer) {
    client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .accessToken(TOKEN)
            .observer(observer)
            .build();
    return client;
  }

  TasksClient client() {
    return client(MicrometerTasksObserver.create(registry));
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** The observations made, in start order. */
  List<Observation.Context> contexts() {
    return recorded.started();
  }

  static Map<String, String> low(Observation.Context context) {
    return StreamSupport.stream(context.getLowCardinalityKeyValues().spliterator(), false)
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  static Map<String, String> high(Observation.Context context) {
    return StreamSupport.stream(context.getHighCardinalityKeyValues().spliterator(), false)
        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
  }

  static Observation.ContextView parent(Observation.Context context) {
    return context.getParentObservation() == null
        ? null
        : context.getParentObservation().getContextView();
  }

  @Test
  void aGetIsOneOperationWithOneAttempt() {
    server.enqueue(json(200, TASK));

    client().getTask(7);

    List<Observation.Context> contexts = contexts();
    assertThat(contexts)
        .extracting(Observation.Context::getName)
        .containsExactly(MicrometerTasksObserver.OPERATION, MicrometerTasksObserver.HTTP);
    assertThat(low(contexts.get(0)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "operation",
                "getTask",
                "async",
                "false",
                "outcome",
                "SUCCESS",
                "exception",
                "none"));
    assertThat(contexts.get(0).getContextualName()).isEqualTo("copilotz getTask");
    assertThat(low(contexts.get(1)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "operation",
                "getTask",
                "method",
                "GET",
                "uri",
                "/rest/tasks/{id}",
                "status",
                "200",
                "outcome",
                "SUCCESS",
                "retried",
                "false",
                "exception",
                "none"));
    assertThat(high(contexts.get(1))).containsEntry("attempt", "1");
    assertThat(contexts.get(1).getContextualName()).isEqualTo("GET /rest/tasks/{id}");
    assertThat(parent(contexts.get(1))).isSameAs(contexts.get(0));
    assertThat(contexts()).allSatisfy(context -> assertThat(recorded.wasStopped(context)).isTrue());
    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerTasksObserver.OPERATION, 1)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerTasksObserver.HTTP, 1)
        .hasObservationWithNameEqualTo(MicrometerTasksObserver.HTTP)
        .that()
        .hasBeenStarted()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("uri", "/rest/tasks/{id}")
        .hasLowCardinalityKeyValue("status", "200")
        .doesNotHaveError();
  }

  @Test
  void aCreateIsObservedWithThePostTemplate() {
    server.enqueue(json(200, TASK));

    client()
        .createTask(
            new CreateTaskRequest()
                .extId("CRM-7")
                .status(TaskStatus.ACTIVE)
                .name("n")
                .description("d"));

    List<Observation.Context> contexts = contexts();
    assertThat(low(contexts.get(0))).containsEntry("operation", "createTask");
    assertThat(low(contexts.get(1)))
        .containsEntry("method", "POST")
        .containsEntry("uri", "/rest/tasks")
        .containsEntry("status", "200");
  }

  @Test
  void anAdvanceIsThreeAttemptsUnderOneOperation() {
    server.enqueue(json(200, TASK));
    server.enqueue(json(200, "{\"_id\":1,\"name\":\"Triage\",\"next\":3}"));
    server.enqueue(json(200, TASK.replace("\"currentStep\":1", "\"currentStep\":3")));

    client().advance(7);

    List<Observation.Context> contexts = contexts();
    assertThat(contexts).hasSize(4);
    Observation.Context operation = contexts.get(0);
    assertThat(low(operation))
        .containsEntry("operation", "advance")
        .containsEntry("outcome", "SUCCESS");
    List<Observation.Context> attempts = contexts.subList(1, 4);
    assertThat(attempts)
        .allSatisfy(
            attempt -> {
              assertThat(attempt.getName()).isEqualTo(MicrometerTasksObserver.HTTP);
              assertThat(parent(attempt)).isSameAs(operation);
              assertThat(low(attempt))
                  .containsEntry("operation", "advance")
                  .containsEntry("outcome", "SUCCESS");
            });
    assertThat(attempts)
        .extracting(attempt -> low(attempt).get("method") + " " + low(attempt).get("uri"))
        .containsExactly("GET /rest/tasks/{id}", "GET /rest/steps/{id}", "PUT /rest/tasks/{id}");
  }

  @Test
  void aCallRetriedAfterA429IsTwoAttempts() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
    server.enqueue(json(200, TASK));

    client().getTask(7);

    List<Observation.Context> attempts = contexts().subList(1, 3);
    assertThat(low(attempts.get(0)))
        .containsEntry("status", "429")
        .containsEntry("outcome", "CLIENT_ERROR")
        .containsEntry("retried", "true")
        .containsEntry("exception", "RateLimitException");
    assertThat(high(attempts.get(0)))
        .containsEntry("attempt", "1")
        .containsEntry("retry.reason", "HTTP 429");
    assertThat(low(attempts.get(1)))
        .containsEntry("status", "200")
        .containsEntry("retried", "false");
    assertThat(high(attempts.get(1)))
        .containsEntry("attempt", "2")
        .containsEntry("previous.retry.reason", "HTTP 429");
    assertThat(low(contexts().get(0))).containsEntry("outcome", "SUCCESS");
  }

  @Test
  void aFailedCallRecordsItsException() {
    server.enqueue(new MockResponse.Builder().code(200).build());

    assertThatThrownBy(() -> client().getTask(404)).isInstanceOf(NotFoundException.class);

    List<Observation.Context> contexts = contexts();
    assertThat(low(contexts.get(0)))
        .containsEntry("outcome", "ERROR")
        .containsEntry("exception", "NotFoundException");
    assertThat(contexts.get(0).getError()).isInstanceOf(NotFoundException.class);
    assertThat(low(contexts.get(1)))
        .containsEntry("status", "200")
        .containsEntry("outcome", "NOT_FOUND")
        .containsEntry("exception", "NotFoundException")
        .containsEntry("retried", "false");
  }

  @Test
  void anAsyncCallIsObservedTheSameWay() throws Exception {
    server.enqueue(json(200, TASK));

    client().async().getTask(7).get(60, TimeUnit.SECONDS);

    List<Observation.Context> contexts = contexts();
    assertThat(low(contexts.get(0)))
        .containsEntry("operation", "getTask")
        .containsEntry("async", "true")
        .containsEntry("outcome", "SUCCESS");
    assertThat(low(contexts.get(1)))
        .containsEntry("uri", "/rest/tasks/{id}")
        .containsEntry("status", "200");
    assertThat(parent(contexts.get(1))).isSameAs(contexts.get(0));
  }

  @Test
  void aSyncReportsItsRowsOnTheSpanAndAsCounters() {
    server.enqueue(json(200, "{\"data\":[]}"));
    server.enqueue(json(200, TASK));
    MeterRegistry meters = new SimpleMeterRegistry();

    SyncReport report =
        client(MicrometerTasksObserver.builder(registry).meterRegistry(meters).build())
            .taskSync()
            .concurrency(1)
            .build()
            .run(
                List.of(
                    new CreateTaskRequest()
                        .extId("CRM-7")
                        .status(TaskStatus.ACTIVE)
                        .name("n")
                        .description("d"),
                    new CreateTaskRequest()
                        .extId("CRM-8")
                        .status(TaskStatus.ACTIVE)
                        .description("no name")));

    assertThat(report.created()).isEqualTo(1);
    Observation.Context sync = contexts().get(0);
    assertThat(low(sync))
        .containsEntry("operation", "taskSync")
        .containsEntry("outcome", "SUCCESS");
    assertThat(high(sync))
        .containsEntry("rows.done", "2")
        .containsEntry("rows.created", "1")
        .containsEntry("rows.updated", "0")
        .containsEntry("rows.unchanged", "0")
        .containsEntry("rows.failed", "1");
    assertThat(contexts().subList(1, 3))
        .allSatisfy(attempt -> assertThat(parent(attempt)).isSameAs(sync))
        .extracting(attempt -> low(attempt).get("method"))
        .containsExactly("GET", "POST");
    assertThat(
            meters
                .get(MicrometerTasksObserver.SYNC_ROWS)
                .tag("result", "created")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            meters.get(MicrometerTasksObserver.SYNC_ROWS).tag("result", "failed").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aHandledTaskTimesTheHandlerByResultAndTheLagAndTagsTheSpan() {
    MeterRegistry meters = new SimpleMeterRegistry();
    MicrometerTasksObserver observer =
        MicrometerTasksObserver.builder(registry).meterRegistry(meters).build();

    for (StepResult result : List.of(StepResult.ADVANCED, StepResult.ADVANCED, StepResult.MOVED)) {
      TasksObserver.Operation operation =
          observer.operationStarted(
              new TasksObserver.OperationStart("handleTask", 7L, null, false));
      operation.taskHandled(
          new HandledTask(
              7,
              11,
              result,
              result == StepResult.MOVED ? 0 : 1,
              Duration.ofMillis(result == StepResult.MOVED ? 0 : 250),
              Optional.of(Duration.ofSeconds(90))));
      operation.operationEnded(null);
    }

    Timer advanced =
        meters
            .get(MicrometerTasksObserver.WORKER_HANDLER)
            .tag("step", "11")
            .tag("result", "advanced")
            .timer();
    assertThat(advanced.count()).isEqualTo(2);
    assertThat(advanced.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(500.0);
    assertThat(
            meters
                .get(MicrometerTasksObserver.WORKER_HANDLER)
                .tag("result", "moved")
                .timer()
                .count())
        .isEqualTo(1);
    Timer lag = meters.get(MicrometerTasksObserver.WORKER_LAG).tag("step", "11").timer();
    assertThat(lag.count()).isEqualTo(3);
    assertThat(lag.max(TimeUnit.SECONDS)).isEqualTo(90.0);
    Observation.Context first = contexts().get(0);
    assertThat(low(first)).containsEntry("operation", "handleTask");
    assertThat(high(first))
        .containsEntry("worker.step", "11")
        .containsEntry("worker.result", "advanced")
        .containsEntry("worker.attempts", "1");
  }

  @Test
  void taskIdsOnlyWhenAskedForAndNeverAToken() {
    server.enqueue(json(200, TASK));
    server.enqueue(json(200, TASK));
    client().getTask(7);
    client.close();
    assertThat(high(contexts().get(0))).doesNotContainKeys("task.id", "task.ext_id");

    client(MicrometerTasksObserver.builder(registry).includeTaskIds(true).build()).getTask(7);

    assertThat(high(contexts().get(2))).containsEntry("task.id", "7");
    assertThat(contexts())
        .allSatisfy(
            context -> {
              assertThat(context.getLowCardinalityKeyValues().toString()).doesNotContain(TOKEN);
              assertThat(context.getHighCardinalityKeyValues().toString()).doesNotContain(TOKEN);
            });
  }

  @Test
  void timersAreTaggedWithTheTemplateNeverTheRawPath() {
    server.enqueue(json(200, TASK));
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));

    client(MicrometerTasksObserver.create(observations)).getTask(7);

    assertThat(
            meters
                .get(MicrometerTasksObserver.HTTP)
                .tag("uri", "/rest/tasks/{id}")
                .tag("method", "GET")
                .tag("status", "200")
                .tag("operation", "getTask")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get(MicrometerTasksObserver.OPERATION)
                .tag("operation", "getTask")
                .tag("outcome", "SUCCESS")
                .timer()
                .totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
    assertThat(meters.getMeters())
        .allSatisfy(
            meter ->
                assertThat(meter.getId().getTags().toString()).doesNotContain("/rest/tasks/7"));
    assertThat(
            Objects.requireNonNull(meters.find(MicrometerTasksObserver.HTTP).timer())
                .max(TimeUnit.NANOSECONDS))
        .isGreaterThanOrEqualTo(Duration.ZERO.toNanos());
  }
}
