package com.copilotz.tasks.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's behaviour on the wire, case by case as the notes on the real server describe it. */
class FakeCopilotzServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
  final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  FakeCopilotzServer server;
  String token;

  @BeforeEach
  void start() {
    server = new FakeCopilotzServer().clock(clock).start();
    token = server.issueToken();
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** An answer read whole: status, content type and body. */
  record Answer(int status, String contentType, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  Answer call(String method, String path, String body, String bearer) throws IOException {
    Request.Builder request = new Request.Builder().url(server.baseUrl() + path.substring(1));
    request.method(method, body == null ? null : RequestBody.create(body, APPLICATION_JSON));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.header("Content-Type"), response.body().string());
    }
  }

  Answer call(String method, String path, String body) throws IOException {
    return call(method, path, body, token);
  }

  long create(String json) throws IOException {
    Answer created = call("POST", "/rest/tasks", json);
    assertThat(created.status()).isEqualTo(200);
    return created.json().get("_id").asLong();
  }

  static final String TASK =
      "{\"extId\":\"SUPPORT_56789\",\"workflow\":2,\"currentStep\":1,\"status\":\"active\","
          + "\"name\":\"Resolve Customer Issue\",\"description\":\"Task to resolve a customer support issue.\","
          + "\"context\":{\"customer\":\"John Doe\",\"tags\":[\"a\",\"b\"]}}";

  @Test
  void forgettingTheRequestsKeepsTheTasksAndRecordsOnlyTheRequestsSince() throws Exception {
    long id = create(TASK);
    call("GET", "/rest/tasks/" + id, null);

    server.forgetRequests();
    call("GET", "/rest/tasks?status=active", null);

    assertThat(server.requests())
        .singleElement()
        .satisfies(request -> assertThat(request.target()).isEqualTo("/rest/tasks?status=active"));
    assertThat(server.task(id)).isPresent();
  }

  @Test
  void restCallsWithoutAValidTokenAre401InTheProxysShape() throws Exception {
    Answer none = call("GET", "/rest/tasks", null, null);
    Answer wrong = call("GET", "/rest/tasks", null, "tk_unknown");

    assertThat(none.status()).isEqualTo(401);
    // copilotz.com's front answers as its proxy does: the unwrapped {"status", "message"}.
    assertThat(none.json())
        .isEqualTo(JSON.readTree("{\"status\":401,\"message\":\"Unauthorized\"}"));
    assertThat(wrong.status()).isEqualTo(401);
  }

  @Test
  void loginIssuesATokenThatExpiresAfterItsLifetime() throws Exception {
    server.addUser("alice", "pw", "acme").tokenLifetime(Duration.ofMinutes(5));

    Answer login =
        call(
            "POST",
            "/api/auth/login",
            "{\"username\":\"alice\",\"password\":\"pw\",\"namespace\":\"acme\"}",
            null);

    assertThat(login.status()).isEqualTo(200);
    String issued = login.json().get("accessToken").asText();
    assertThat(issued).startsWith("tk_");
    assertThat(Instant.parse(login.json().get("expiresAt").asText()))
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(call("GET", "/rest/tasks", null, issued).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(5));
    assertThat(call("GET", "/rest/tasks", null, issued).status()).isEqualTo(401);
  }

  @Test
  void wrongCredentialsAre401() throws Exception {
    server.addUser("alice", "pw", "acme");

    Answer login =
        call(
            "POST",
            "/api/auth/login",
            "{\"username\":\"alice\",\"password\":\"nope\",\"namespace\":\"acme\"}",
            null);

    assertThat(login.status()).isEqualTo(401);
    assertThat(login.json().at("/error/message").asText()).isEqualTo("Invalid credentials");
  }

  @Test
  void aCreateAssignsAnIdAndTimestampsAndDropsUnknownFields() throws Exception {
    Answer created =
        call("POST", "/rest/tasks", TASK.replace("{\"extId\"", "{\"surprise\":1,\"extId\""));

    JsonNode task = created.json();
    assertThat(created.status()).isEqualTo(200);
    assertThat(task.get("_id").asLong()).isEqualTo(1L);
    assertThat(task.get("createdAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(task.get("updatedAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(task.has("surprise")).isFalse();
    assertThat(task.at("/context/customer").asText()).isEqualTo("John Doe");
    assertThat(create(TASK)).isEqualTo(2L);
  }

  @Test
  void aCreateWithoutANotNullFieldIs500FromTheDatabase() throws Exception {
    Answer missingName =
        call(
            "POST", "/rest/tasks", "{\"extId\":\"E\",\"description\":\"d\",\"status\":\"active\"}");

    assertThat(missingName.status()).isEqualTo(500);
    assertThat(missingName.json().at("/error/message").asText())
        .isEqualTo("SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: tasks.name");
    assertThat(missingName.json().at("/error/stack").asText())
        .startsWith("Error: SQLITE_CONSTRAINT_NOTNULL");
    assertThat(missingName.json().at("/error").has("status")).isFalse();
    Answer missingExtIdAndName = call("POST", "/rest/tasks", "{\"description\":\"d\"}");
    assertThat(missingExtIdAndName.json().at("/error/message").asText())
        .isEqualTo("SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: tasks.extId");
    assertThat(server.tasks()).isEmpty();
  }

  @Test
  void queryParametersWinOverTheBody() throws Exception {
    Answer created = call("POST", "/rest/tasks?status=pending", TASK);

    assertThat(created.json().get("status").asText()).isEqualTo("pending");
  }

  @Test
  void listsAreWrappedAndFilteredByEquality() throws Exception {
    create(TASK);
    create(TASK.replace("SUPPORT_56789", "OTHER").replace("\"active\"", "\"pending\""));
    create(TASK.replace("SUPPORT_56789", "THIRD"));

    Answer all = call("GET", "/rest/tasks", null);
    Answer active = call("GET", "/rest/tasks?status=active&workflow=2&unknownParam=x", null);
    Answer byExtId = call("GET", "/rest/tasks?extId=OTHER", null);

    assertThat(all.json().get("data")).hasSize(3);
    assertThat(active.json().get("data"))
        .extracting(node -> node.get("extId").asText())
        .containsExactly("SUPPORT_56789", "THIRD");
    assertThat(byExtId.json().get("data"))
        .singleElement()
        .satisfies(node -> assertThat(node.get("_id").asLong()).isEqualTo(2));
  }

  @Test
  void pagingIsIgnoredUnlessSwitchedOn() throws Exception {
    for (int i = 0; i < 5; i++) {
      create(TASK);
    }

    assertThat(call("GET", "/rest/tasks?limit=2&offset=2", null).json().get("data")).hasSize(5);
    server.honourPaging(true);
    assertThat(call("GET", "/rest/tasks?limit=2&offset=2", null).json().get("data"))
        .extracting(node -> node.get("_id").asLong())
        .containsExactly(3L, 4L);
    assertThat(call("GET", "/rest/tasks?limit=2&offset=9", null).json().get("data")).isEmpty();
  }

  @Test
  void bareArrayListsCanBeSwitchedOn() throws Exception {
    create(TASK);
    server.bareArrayLists(true);

    JsonNode list = call("GET", "/rest/tasks", null).json();

    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(1);
  }

  @Test
  void aMissingIdIs200WithAnEmptyBody() throws Exception {
    Answer get = call("GET", "/rest/tasks/42", null);
    Answer put = call("PUT", "/rest/tasks/42", "{\"name\":\"x\"}");

    for (Answer answer : new Answer[] {get, put}) {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEmpty();
      assertThat(answer.contentType()).isEqualTo("text/plain;charset=utf-8");
    }
  }

  @Test
  void aNonNumericOrZeroIdIs500() throws Exception {
    for (String id : new String[] {"abc", "0"}) {
      Answer answer = call("GET", "/rest/tasks/" + id, null);
      assertThat(answer.status()).isEqualTo(500);
      // A plain object thrown, not an Error: no stack.
      assertThat(answer.json())
          .isEqualTo(JSON.readTree("{\"error\":{\"message\":\"Missing required fields: id\"}}"));
    }
  }

  @Test
  void putIsPartialWithAShallowContextMerge() throws Exception {
    long id = create(TASK);
    clock.advance(Duration.ofMinutes(1));

    Answer updated =
        call(
            "PUT",
            "/rest/tasks/" + id,
            "{\"status\":\"pending\",\"surprise\":1,\"context\":{\"emailSent\":\"yes\",\"tags\":[\"c\"]}}");

    JsonNode task = updated.json();
    assertThat(task.get("status").asText()).isEqualTo("pending");
    assertThat(task.get("name").asText()).isEqualTo("Resolve Customer Issue");
    assertThat(task.has("surprise")).isFalse();
    assertThat(task.at("/context/customer").asText()).isEqualTo("John Doe");
    assertThat(task.at("/context/emailSent").asText()).isEqualTo("yes");
    assertThat(task.at("/context/tags")).hasSize(1);
    assertThat(task.get("updatedAt").asText()).isEqualTo("2026-11-25T12:01:00Z");
    assertThat(task.get("createdAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
  }

  @Test
  void anEmptyContextOrARequiredFieldSentAsNullIs500AndAnEmptyUpdateOnlyTouchesUpdatedAt()
      throws Exception {
    long id = create(TASK);
    JsonNode before = call("GET", "/rest/tasks/" + id, null).json();
    clock.advance(Duration.ofMinutes(1));

    Answer emptyContext = call("PUT", "/rest/tasks/" + id, "{\"context\":{}}");
    Answer nullName = call("PUT", "/rest/tasks/" + id, "{\"name\":null}");
    Answer nothing = call("PUT", "/rest/tasks/" + id, "{}");

    assertThat(emptyContext.status()).isEqualTo(500);
    assertThat(emptyContext.json().at("/error/message").asText())
        .isEqualTo("SQLITE_ERROR: near \")\": syntax error");
    assertThat(nullName.status()).isEqualTo(500);
    assertThat(nullName.json().at("/error/message").asText())
        .isEqualTo("Field \"update_inputData:tasks.name\" is required but missing or null.");
    assertThat(nothing.status()).isEqualTo(200);
    ((com.fasterxml.jackson.databind.node.ObjectNode) before)
        .put("updatedAt", "2026-11-25T12:01:00Z");
    assertThat(nothing.json()).isEqualTo(before);
  }

  @Test
  void scalarFieldsAreStoredThroughJavaScriptsString() throws Exception {
    long id =
        create(
            "{\"extId\":123,\"name\":true,\"description\":\"\",\"status\":\"active\",\"workflow\":\"7\","
                + "\"currentStep\":0}");

    JsonNode created = call("GET", "/rest/tasks/" + id, null).json();
    assertThat(created.get("extId")).isEqualTo(JSON.readTree("\"123\""));
    assertThat(created.get("name")).isEqualTo(JSON.readTree("\"true\""));
    assertThat(created.get("description")).isEqualTo(JSON.readTree("\"null\""));
    assertThat(created.get("workflow").asLong()).isEqualTo(7L);
    assertThat(created.get("currentStep").isNull()).isTrue();

    Answer emptyName = call("PUT", "/rest/tasks/" + id, "{\"name\":\"\",\"currentStep\":\"12\"}");
    assertThat(emptyName.json().get("name")).isEqualTo(JSON.readTree("\"null\""));
    assertThat(emptyName.json().get("currentStep").asLong()).isEqualTo(12L);
    Answer notANumber = call("PUT", "/rest/tasks/" + id, "{\"workflow\":\"abc\"}");
    assertThat(notANumber.status()).isEqualTo(500);
    assertThat(notANumber.json().at("/error/message").asText())
        .isEqualTo("SQLITE_ERROR: near \"abc\": syntax error");
  }

  @Test
  void anUpdateStoresTopLevelContextScalarsAsJsonSetDoesAndACreateAsSent() throws Exception {
    String context =
        "{\"yes\":true,\"no\":false,\"zero\":0,\"empty\":\"\",\"five\":5,\"half\":0.5,\"text\":\"x\","
            + "\"nothing\":null,\"nested\":{\"no\":false,\"zero\":0},\"list\":[false,0,\"\"]}";
    long id =
        create(
            "{\"extId\":\"E\",\"name\":\"n\",\"description\":\"d\",\"status\":\"active\",\"context\":"
                + context
                + "}");

    assertThat(call("GET", "/rest/tasks/" + id, null).json().get("context"))
        .isEqualTo(JSON.readTree(context));
    JsonNode updated =
        call("PUT", "/rest/tasks/" + id, "{\"context\":" + context + "}").json().get("context");
    assertThat(updated)
        .isEqualTo(
            JSON.readTree(
                "{\"yes\":\"true\",\"no\":\"null\",\"zero\":\"null\",\"empty\":\"null\",\"five\":5,\"half\":0.5,\"text\":\"x\","
                    + "\"nothing\":null,\"nested\":{\"no\":false,\"zero\":0},\"list\":[false,0,\"\"]}"));
  }

  @Test
  void numbersInTheContextAreDoublesAndAnObjectSentOntoAStoredArrayLeavesIt() throws Exception {
    long id =
        create(
            "{\"extId\":\"E\",\"name\":\"n\",\"description\":\"d\",\"status\":\"active\","
                + "\"context\":{\"big\":9007199254740993,\"deep\":[9007199254740993]}}");
    long listed =
        create(
            "{\"extId\":\"L\",\"name\":\"n\",\"description\":\"d\",\"status\":\"active\",\"context\":[1,2]}");

    JsonNode context = call("GET", "/rest/tasks/" + id, null).json().get("context");
    assertThat(context.get("big").asLong()).isEqualTo(9007199254740992L);
    assertThat(context.at("/deep/0").asLong()).isEqualTo(9007199254740992L);
    Answer ontoArray = call("PUT", "/rest/tasks/" + listed, "{\"context\":{\"k\":1}}");
    assertThat(ontoArray.json().get("context")).isEqualTo(JSON.readTree("[1,2]"));
  }

  @Test
  void aTaskHoldsEverySchemaFieldInTheServersOrderAndAClientSentIdIsKept() throws Exception {
    Answer created =
        call(
            "POST",
            "/rest/tasks",
            "{\"_id\":77,\"extId\":\"E\",\"name\":\"n\",\"description\":\"d\"}");
    Answer duplicate =
        call(
            "POST",
            "/rest/tasks",
            "{\"_id\":77,\"extId\":\"F\",\"name\":\"n\",\"description\":\"d\"}");

    List<String> fields = new java.util.ArrayList<>();
    created.json().fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "_id",
            "extId",
            "workflow",
            "currentStep",
            "status",
            "name",
            "description",
            "context",
            "createdAt",
            "updatedAt");
    assertThat(created.json().get("_id").asLong()).isEqualTo(77L);
    assertThat(created.json().get("status").isNull()).isTrue();
    assertThat(created.json().get("context").isNull()).isTrue();
    assertThat(duplicate.status()).isEqualTo(500);
    assertThat(duplicate.json().at("/error/message").asText())
        .isEqualTo("SQLITE_CONSTRAINT_PRIMARYKEY: UNIQUE constraint failed: tasks._id");
    assertThat(create(TASK)).isEqualTo(78L);
  }

  @Test
  void answersAreChunkedJsonWithCorsHeaders() throws Exception {
    long id = create(TASK);
    try (Response response =
        http.newCall(
                new Request.Builder()
                    .url(server.baseUrl() + "rest/tasks/" + id)
                    .header("Authorization", "Bearer " + token)
                    .build())
            .execute()) {
      assertThat(response.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(response.header("Content-Length")).isNull();
      assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
  }

  @Test
  void aFilterOnAContextKeyIs500() throws Exception {
    Answer answer = call("GET", "/rest/tasks?context.x=1", null);

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.json().at("/error/message").asText()).startsWith("SQLITE_ERROR:");
  }

  @Test
  void deleteAnswersTheSameWhetherOrNotTheTaskExisted() throws Exception {
    long id = create(TASK);

    Answer deleted = call("DELETE", "/rest/tasks/" + id, null);
    Answer again = call("DELETE", "/rest/tasks/" + id, null);

    assertThat(deleted.json()).isEqualTo(JSON.readTree("{\"_id\":" + id + ",\"deleted\":true}"));
    assertThat(again.json()).isEqualTo(deleted.json());
    assertThat(server.tasks()).isEmpty();
  }

  @Test
  void otherMethodsAndRoutesAreAPlainText404AndAnUnknownResourceAJsonOne() throws Exception {
    long id = create(TASK);

    Answer patch = call("PATCH", "/rest/tasks/" + id, "{\"name\":\"x\"}");
    Answer elsewhere = call("GET", "/nothing", null);
    Answer unknown = call("GET", "/rest/nothing", null);

    for (Answer answer : new Answer[] {patch, elsewhere}) {
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.contentType()).startsWith("text/plain");
      assertThat(answer.body()).isEqualTo("Module Not Found");
    }
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json())
        .isEqualTo(JSON.readTree("{\"error\":{\"message\":\"Resource not found\"}}"));
  }

  @Test
  void seededWorkflowsAndStepsChainThroughNext() throws Exception {
    Workflow onboarding =
        server.seedWorkflow(
            "Customer Onboarding",
            "Gather user information",
            "Send confirmation email",
            "Complete onboarding");
    Step custom = server.putStep(new Step().id(90L).name("Escalate").next(null).failedNext(91L));

    JsonNode workflow = call("GET", "/rest/workflows/" + onboarding.getId(), null).json();
    JsonNode first = call("GET", "/rest/steps/" + onboarding.getFirstStep(), null).json();
    JsonNode last = call("GET", "/rest/steps/" + onboarding.getSteps().get(2), null).json();

    assertThat(workflow.get("name").asText()).isEqualTo("Customer Onboarding");
    assertThat(workflow.get("steps")).hasSize(3);
    assertThat(first.get("name").asText()).isEqualTo("Gather user information");
    assertThat(first.get("next").asLong()).isEqualTo(onboarding.getSteps().get(1));
    assertThat(last.get("next").isNull()).isTrue();
    assertThat(call("GET", "/rest/steps/90", null).json().get("failedNext").asLong())
        .isEqualTo(91L);
    assertThat(custom.getId()).isEqualTo(90L);
  }

  @Test
  void populateReplacesIdsWithObjects() throws Exception {
    Workflow workflow = server.seedWorkflow("W", "S1");
    long id =
        create(
            "{\"extId\":\"E\",\"name\":\"n\",\"description\":\"d\",\"status\":\"active\",\"workflow\":"
                + workflow.getId()
                + ",\"currentStep\":"
                + workflow.getFirstStep()
                + "}");

    JsonNode task =
        call("GET", "/rest/tasks/" + id + "?_populate=workflow,currentStep", null).json();

    assertThat(task.at("/workflow/name").asText()).isEqualTo("W");
    assertThat(task.at("/currentStep/name").asText()).isEqualTo("S1");
    List<String> fields = new java.util.ArrayList<>();
    task.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).endsWith("workflow", "currentStep");
  }

  @Test
  void aNullOrDanglingPopulateIsAnObjectOfNulls() throws Exception {
    long id =
        create(
            "{\"extId\":\"E\",\"name\":\"n\",\"description\":\"d\",\"status\":\"active\",\"workflow\":99}");

    JsonNode task =
        call("GET", "/rest/tasks/" + id + "?_populate=workflow,currentStep", null).json();

    for (String field : new String[] {"workflow", "currentStep"}) {
      assertThat(task.get(field).isObject()).isTrue();
      assertThat(task.get(field).get("_id").isNull()).isTrue();
      task.get(field).forEach(value -> assertThat(value.isNull()).isTrue());
    }
    assertThat(task.at("/workflow").has("firstStep")).isTrue();
    assertThat(task.at("/currentStep").has("next")).isTrue();
  }

  @Test
  void aWorkflowsPopulateOfItsStepsIs500AndAStepCreatedOverHttpHasNoFailedNext() throws Exception {
    Workflow workflow = server.seedWorkflow("W", "S1");
    Answer populated =
        call("GET", "/rest/workflows/" + workflow.getId() + "?_populate=steps,firstStep", null);
    Answer step = call("POST", "/rest/steps", "{\"name\":\"S\",\"next\":null,\"failedNext\":4}");

    assertThat(populated.status()).isEqualTo(500);
    assertThat(populated.json().at("/error/message").asText()).contains("ambiguous column name");
    assertThat(step.status()).isEqualTo(200);
    assertThat(step.json().has("failedNext")).isFalse();
  }

  @Test
  void anInjectedStatusAnswersTheNextCallsThenStops() throws Exception {
    server.inject("GET", "/rest/tasks/*", 2, Fault.status(503).header("Retry-After", "3"));
    long id = create(TASK);

    Answer first = call("GET", "/rest/tasks/" + id, null);
    Answer second = call("GET", "/rest/tasks/" + id, null);
    Answer third = call("GET", "/rest/tasks/" + id, null);

    assertThat(first.status()).isEqualTo(503);
    assertThat(first.json().at("/error/message").asText()).isEqualTo("Injected fault");
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
  }

  @Test
  void anInjectedStatusCanCarryAnHtmlPage() throws Exception {
    server.inject(
        "GET",
        "/rest/tasks",
        1,
        Fault.status(502).body("<html><title>Bad Gateway</title></html>", "text/html"));

    Answer answer = call("GET", "/rest/tasks", null);

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.contentType()).isEqualTo("text/html");
    assertThat(answer.body()).contains("Bad Gateway");
  }

  @Test
  void aDroppedConnectionBeforeApplyingWritesNothing() {
    server.inject("POST", "/rest/tasks", 1, Fault.dropConnection());

    assertThatThrownBy(() -> call("POST", "/rest/tasks", TASK)).isInstanceOf(IOException.class);
    assertThat(server.tasks()).isEmpty();
  }

  @Test
  void aDroppedConnectionAfterApplyingKeepsTheWrite() {
    server.inject("POST", "/rest/tasks", 1, Fault.dropConnectionAfterApplying());

    assertThatThrownBy(() -> call("POST", "/rest/tasks", TASK)).isInstanceOf(IOException.class);
    assertThat(server.tasks())
        .singleElement()
        .extracting(Task::getExtId)
        .isEqualTo("SUPPORT_56789");
  }

  @Test
  void anInjectedDelayHoldsTheAnswerAndOnlyThatOne() throws Exception {
    server.inject("GET", "/rest/tasks", 1, Fault.delay(Duration.ofMinutes(10)));
    OkHttpClient impatient = http.newBuilder().readTimeout(Duration.ofSeconds(1)).build();

    // Held for ten minutes (released when the server closes): a one-second read timeout is the only
    // way out.
    assertThatThrownBy(
            () ->
                impatient
                    .newCall(
                        new Request.Builder()
                            .url(server.baseUrl() + "rest/tasks")
                            .header("Authorization", "Bearer " + token)
                            .build())
                    .execute())
        .isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(call("GET", "/rest/tasks", null).status()).isEqualTo(200);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void aRecordedRequestKeepsItsQueryHeadersAndBody() throws Exception {
    call("GET", "/rest/tasks?extId=A%20B&status=active&status=pending&flag", null);
    call("PUT", "/rest/tasks/1", "{\"context\":{\"k\":1}}");

    ReceivedRequest list = server.requests().get(0);
    assertThat(list.method()).isEqualTo("GET");
    assertThat(list.path()).isEqualTo("/rest/tasks");
    assertThat(list.target())
        .isEqualTo("/rest/tasks?extId=A%20B&status=active&status=pending&flag");
    assertThat(list.queryParameter("extId")).hasValue("A B");
    assertThat(list.query())
        .containsEntry("status", List.of("active", "pending"))
        .containsKey("flag");
    assertThat(list.queryParameter("flag")).isEmpty();
    assertThat(list.header("AUTHORIZATION")).hasValue("Bearer " + token);
    assertThat(list.body()).isEmpty();
    assertThat(list.json().isMissingNode()).isTrue();
    assertThat(list).hasToString("GET /rest/tasks?extId=A%20B&status=active&status=pending&flag");
    ReceivedRequest put = server.requests().get(1);
    assertThat(put.json().path("context").path("k").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> server.requests().get(1).query().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyRequestIsRecordedUntilReset() throws Exception {
    server.putTask(new Task().extId("E").name("n").description("d").status(TaskStatus.ACTIVE));
    server.inject("GET", "/rest/tasks", 5, Fault.status(500));
    server.bareArrayLists(true);
    call("GET", "/rest/tasks/1", null);
    call("PUT", "/rest/tasks/1", "{\"name\":\"m\"}");

    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.target())
        .containsExactly("GET /rest/tasks/1", "PUT /rest/tasks/1");
    assertThat(server.requests().get(1).body()).isEqualTo("{\"name\":\"m\"}");

    server.reset();

    assertThat(server.requests()).isEmpty();
    assertThat(server.tasks()).isEmpty();
    Answer list = call("GET", "/rest/tasks", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().has("data")).isTrue();
    assertThat(create(TASK)).isEqualTo(1L);
  }

  @Test
  void seededTasksKeepTheirFieldsAndGetAnIdAndTimestamps() {
    Task stored =
        server.putTask(
            new Task()
                .extId("E")
                .name("n")
                .description("d")
                .status(TaskStatus.of("escalated"))
                .context(Map.of("k", "v")));

    assertThat(stored.getId()).isEqualTo(1L);
    assertThat(stored.getCreatedAt()).isEqualTo(clock.instant().atOffset(ZoneOffset.UTC));
    assertThat(server.task(1))
        .get()
        .satisfies(
            task -> {
              assertThat(task.getStatus().value()).isEqualTo("escalated");
              assertThat(task.getContext()).containsEntry("k", "v");
            });
    assertThat(server.task(2)).isEmpty();
  }

  @Test
  void badArgumentsNameTheParameter() {
    assertThatThrownBy(() -> server.inject("GET", "/x", 0, Fault.status(500)))
        .hasMessage("times must be at least 1, was 0");
    assertThatThrownBy(() -> server.tokenLifetime(Duration.ZERO))
        .hasMessage("lifetime must be positive, was PT0S");
    assertThatThrownBy(() -> Fault.status(99))
        .hasMessage("status must be between 100 and 599, was 99");
    assertThatThrownBy(() -> Fault.delay(Duration.ofSeconds(1)).header("a", "b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.putTask(null)).hasMessage("task");
  }
}
