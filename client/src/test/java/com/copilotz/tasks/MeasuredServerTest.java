package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.errors.InvalidInputException;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.UpdateTaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the running server was measured to do, and how the client copes: context values coerced by a
 * PUT (and syncs that still converge), deterministic 500s that are never retried, blank fields
 * refused before sending, populates of nothing. Against MockWebServer for exact requests, and
 * against the fake's backend for state.
 */
class MeasuredServerTest {
  @StartStop final MockWebServer server = Wire.server();
  final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  TasksClient client(int maxRetries) {
    return TasksClient.builder()
        .baseUrl(server.url("/").toString())
        .accessToken(Wire.TOKEN)
        .maxRetries(maxRetries)
        .sleeper(waits::add)
        .build();
  }

  // ----- context coercion: comparisons converge to zero writes

  static CreateTaskRequest desired(String extId, Map<String, Object> context) {
    return new CreateTaskRequest()
        .extId(extId)
        .status(TaskStatus.ACTIVE)
        .name("n")
        .description("d")
        .context(context);
  }

  static Map<String, Object> falsyAndBig() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("flag", false);
    context.put("on", true);
    context.put("count", 0);
    context.put("note", "");
    context.put("big", 9007199254740993L);
    context.put("nested", Map.of("off", false, "zero", 0));
    context.put("gone", null);
    return context;
  }

  /**
   * What the server holds for {@link #falsyAndBig} after a PUT of it: as the running server was
   * measured.
   */
  static Map<String, Object> storedAfterAnUpdate() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("flag", "null");
    context.put("on", "true");
    context.put("count", "null");
    context.put("note", "null");
    context.put("big", 9007199254740992L);
    context.put("nested", Map.of("off", false, "zero", 0));
    context.put("gone", null);
    return context;
  }

  @Test
  void anUpsertOfValuesThePutCoercedMakesNoWrite() {
    BackendWithFaults store = new BackendWithFaults();
    server.setDispatcher(store);
    store.seed("E1", "active", "n", "d", storedAfterAnUpdate());

    try (TasksClient client = client(0)) {
      Task task = client.upsertByExtId(desired("E1", falsyAndBig()));
      assertThat(task.getContext()).isEqualTo(storedAfterAnUpdate());
    }

    assertThat(store.writes.get()).isZero();
  }

  @Test
  void anUpsertWritesWhatTheStoredValueDoesNotKeepAndThenConverges() throws InterruptedException {
    BackendWithFaults store = new BackendWithFaults();
    server.setDispatcher(store);
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("flag", "null");
    stored.put("asCreated", true);
    store.seed("E1", "active", "n", "d", stored);
    // false is kept by "null"; true is not; the boolean true a POST stored is not the string
    // "true".
    Map<String, Object> wanted = new LinkedHashMap<>();
    wanted.put("flag", true);
    wanted.put("asCreated", "true");

    try (TasksClient client = client(0)) {
      client.upsertByExtId(desired("E1", wanted));
      int afterFirst = store.writes.get();
      client.upsertByExtId(desired("E1", wanted));
      assertThat(afterFirst).isEqualTo(1);
      assertThat(store.writes.get()).isEqualTo(1);
    }

    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks?extId=E1&limit=100&offset=0");
    Wire.assertJsonBody(
        Wire.assertRestCall(Wire.take(server), "PUT", "/rest/tasks/1"),
        "{\"context\":{\"flag\":true,\"asCreated\":\"true\"}}");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks?extId=E1&limit=100&offset=0");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(store.withExtId("E1"))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row.get("context").toString())
                    .isEqualTo("{\"flag\":\"true\",\"asCreated\":\"true\"}"));
  }

  @Test
  void aSyncOfRowsTheServerCoercedConvergesToZeroWritesAndZeroReadsWithPrefetch() {
    BackendWithFaults store = new BackendWithFaults();
    server.setDispatcher(store);
    List<CreateTaskRequest> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(desired("CRM-" + i, falsyAndBig()));
    }

    try (TasksClient client = client(0)) {
      // Created by POST (stored as sent), then every row's context written once by a PUT (coerced).
      assertThat(client.taskSync().prefetch().build().run(rows).created()).isEqualTo(20);
      for (Task task : client.listTasks(TaskQuery.builder().build()).toArray(Task[]::new)) {
        client.updateTask(task.getId(), new UpdateTaskRequest().context(falsyAndBig()));
      }
      int writes = store.writes.get();
      int requests = server.getRequestCount();

      SyncReport perRow = client.taskSync().build().run(rows);
      SyncReport prefetched = client.taskSync().prefetch().build().run(rows);

      assertThat(perRow.unchanged()).isEqualTo(20);
      assertThat(prefetched.unchanged()).isEqualTo(20);
      assertThat(store.writes.get()).isEqualTo(writes);
      // 20 lookups for the per-row run, then one listing and no read for the prefetched one.
      assertThat(server.getRequestCount() - requests).isEqualTo(20 + 1);
    }
  }

  @Test
  void aSyncRerunOfRowsAPostStoredAsSentMakesOneListingAndNothingElse() {
    BackendWithFaults store = new BackendWithFaults();
    server.setDispatcher(store);
    List<CreateTaskRequest> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(desired("CRM-" + i, Map.of("flag", false, "on", true, "count", 0)));
    }

    try (TasksClient client = client(0)) {
      client.taskSync().prefetch().build().run(rows);
      int writes = store.writes.get();
      int requests = server.getRequestCount();

      SyncReport rerun = client.taskSync().prefetch().build().run(rows);

      assertThat(rerun.unchanged()).isEqualTo(20);
      assertThat(store.writes.get()).isEqualTo(writes);
      assertThat(server.getRequestCount() - requests).isEqualTo(1);
    }
  }

  @Test
  void aStoredContextPartlyAsCreatedAndPartlyCoercedIsReadAgainAndNotWritten() {
    BackendWithFaults store = new BackendWithFaults();
    server.setDispatcher(store);
    Map<String, Object> mixed = new LinkedHashMap<>();
    mixed.put("asCreated", true);
    mixed.put("coerced", "null");
    store.seed("MIX", "active", "n", "d", mixed);
    Map<String, Object> wanted = new LinkedHashMap<>();
    wanted.put("asCreated", true);
    wanted.put("coerced", false);

    try (TasksClient client = client(0)) {
      int requests = server.getRequestCount();
      SyncReport report = client.taskSync().prefetch().build().run(List.of(desired("MIX", wanted)));

      assertThat(report.unchanged()).isEqualTo(1);
      assertThat(server.getRequestCount() - requests).isEqualTo(2);
    }
    assertThat(store.writes.get()).isZero();
  }

  // ----- the warning, once per key

  final Logger julLogger = Logger.getLogger("com.copilotz.tasks");
  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel() == Level.WARNING) {
            warnings.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @AfterEach
  void release() {
    julLogger.removeHandler(capture);
  }

  @Test
  void anUpdateWhoseContextTheServerWillNotKeepAsSentWarnsOncePerKey() {
    julLogger.addHandler(capture);
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json("{\"_id\":1,\"name\":\"Gather\",\"next\":2}"));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(0)) {
      client.updateTask(7, new UpdateTaskRequest().context(Map.of("flag", false)));
      client.updateTask(7, new UpdateTaskRequest().context(Map.of("flag", true, "checked", "yes")));
      client.advance(7, Map.of("flag", false, "big", 9007199254740993L, "fine", 5));
    }

    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .startsWith("context key \"flag\": the server stores false as the string \"null\"");
    assertThat(warnings.get(1))
        .startsWith("context key \"big\": the server stores 9007199254740993 as a rounded double");
  }

  // ----- deterministic 500s

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: tasks.name",
        "SQLITE_CONSTRAINT_PRIMARYKEY: UNIQUE constraint failed: tasks._id",
        "Field \\\"update_inputData:tasks.name\\\" is required but missing or null.",
        "Missing required fields: id",
        "SQLITE_ERROR: near \\\")\\\": syntax error",
        "NOT NULL constraint failed: tasks.extId"
      })
  void theServersValidationFailuresFailAtOnceWithTheirMessage(String message)
      throws InterruptedException {
    server.enqueue(
        json(500, "{\"error\":{\"message\":\"" + message + "\",\"stack\":\"Error: ...\"}}"));
    server.enqueue(json(TASK_JSON));
    String unescaped = message.replace("\\\"", "\"");

    try (TasksClient client = client(TasksClient.DEFAULT_MAX_RETRIES)) {
      assertThatThrownBy(
              () -> client.updateTask(7, new UpdateTaskRequest().status(TaskStatus.PENDING)))
          .isInstanceOf(InvalidInputException.class)
          .isInstanceOf(InternalServerException.class)
          .hasMessage("PUT /rest/tasks/7 answered 500: " + unescaped)
          .satisfies(
              e -> assertThat(((InvalidInputException) e).errorMessage()).isEqualTo(unescaped));
    }

    assertThat(server.getRequestCount()).isEqualTo(1);
    Wire.assertRestCall(Wire.take(server), "PUT", "/rest/tasks/7");
    assertThat(waits).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"error\":{\"message\":\"SQLITE_BUSY: database is locked\"}}",
        "<html><head><title>500 Internal Server Error</title></head></html>"
      })
  void otherFiveHundredsAreRetriedAsBefore(String body) {
    // An update answered such a 500 may have been applied: each is read before it is sent again.
    server.enqueue(json(500, body));
    server.enqueue(Wire.dated(TASK_JSON));
    server.enqueue(json(500, body));
    server.enqueue(Wire.dated(TASK_JSON));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = client(TasksClient.DEFAULT_MAX_RETRIES)) {
      assertThat(client.updateTask(7, new UpdateTaskRequest().status(TaskStatus.PENDING)).getId())
          .isEqualTo(7L);
    }

    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(waits).hasSize(2);
  }

  @Test
  void aFailureAfterRetriesSaysHowManyAttemptsWereMade() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}"));
    }

    try (TasksClient client = client(2)) {
      assertThatThrownBy(() -> client.async().getTask(7).join())
          .hasCauseInstanceOf(InternalServerException.class)
          .cause()
          .hasMessage("GET /rest/tasks/7 answered 503: busy (after 3 attempts)");
    }
  }

  // ----- blank text fields are refused before anything is sent

  @Test
  void blankTextFieldsAreRefusedBeforeSending() {
    List<Consumer<TasksClient>> calls =
        List.of(
            client -> client.updateTask(7, new UpdateTaskRequest().name("")),
            client -> client.updateTask(7, new UpdateTaskRequest().description(" ")),
            client -> client.updateTask(7, new UpdateTaskRequest().extId("")),
            client -> client.updateTask(7, new UpdateTaskRequest().status(TaskStatus.of(""))),
            client -> client.async().updateTask(7, new UpdateTaskRequest().name("")),
            client ->
                client.createTask(
                    new CreateTaskRequest()
                        .extId("E")
                        .status(TaskStatus.ACTIVE)
                        .name("")
                        .description("d")),
            client ->
                client.createTask(
                    new CreateTaskRequest()
                        .extId("E")
                        .status(TaskStatus.ACTIVE)
                        .name("n")
                        .description("")));
    List<String> names =
        List.of(
            "request.name",
            "request.description",
            "request.extId",
            "request.status",
            "request.name",
            "request.name",
            "request.description");

    try (TasksClient client = client(0)) {
      for (int i = 0; i < calls.size(); i++) {
        Consumer<TasksClient> call = calls.get(i);
        assertThatThrownBy(() -> call.accept(client))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(
                names.get(i)
                    + " must not be blank (the server would store it as the string \"null\")");
      }
    }

    assertThat(server.getRequestCount()).isZero();
  }

  // ----- populates of nothing

  @Test
  void aPopulatedReferenceToNothingPopulatesNothing() {
    String nullWorkflow =
        "{\"_id\":null,\"name\":null,\"description\":null,\"instructions\":null,\"steps\":null,"
            + "\"firstStep\":null,\"createdAt\":null,\"updatedAt\":null}";
    String nullStep =
        "{\"_id\":null,\"name\":null,\"next\":null,\"createdAt\":null,\"updatedAt\":null}";
    server.enqueue(
        json(
            "{\"_id\":7,\"extId\":\"E\",\"status\":\"active\",\"name\":\"n\",\"description\":\"d\","
                + "\"context\":null,\"createdAt\":\"2026-11-01T10:00:00.000Z\",\"updatedAt\":\"2026-11-01T10:00:00.000Z\","
                + "\"workflow\":"
                + nullWorkflow
                + ",\"currentStep\":"
                + nullStep
                + "}"));

    try (TasksClient client = client(0)) {
      Task task = client.getTask(7, Populate.WORKFLOW, Populate.CURRENT_STEP);
      assertThat(task.getWorkflow()).isNull();
      assertThat(task.getCurrentStep()).isNull();
      assertThat(task.populatedWorkflow()).isEmpty();
      assertThat(task.populatedCurrentStep()).isEmpty();
    }
  }
}
