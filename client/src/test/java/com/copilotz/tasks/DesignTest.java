package com.copilotz.tasks;

import static com.copilotz.tasks.Wire.TASK_JSON;
import static com.copilotz.tasks.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.errors.InternalServerException;
import com.copilotz.tasks.model.Step;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.model.Workflow;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * What the design promises beside the calls: values the SDK caches cannot be changed behind its
 * back, a client derived with {@code withOptions} shares what it should, options and queries derive
 * from one another, the models carry no setter meant for the SDK alone, and a repeat after a 401 is
 * an observed attempt.
 */
class DesignTest {
  @StartStop final MockWebServer server = Wire.server();

  static final String STEP_1 = "{\"_id\":1,\"name\":\"Gather\",\"next\":2}";

  @Test
  void aStepHandedOutCannotChangeWhatAdvanceDecidesLater() throws InterruptedException {
    server.enqueue(json(STEP_1));
    server.enqueue(json(TASK_JSON));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = Wire.client(server)) {
      Step step = client.getStep(1);
      step.setNext(99L);
      client.advance(7);
    }

    Wire.assertRestCall(Wire.take(server), "GET", "/rest/steps/1");
    Wire.assertRestCall(Wire.take(server), "GET", "/rest/tasks/7?_populate=currentStep");
    RecordedRequest put = Wire.assertRestCall(Wire.take(server), "PUT", "/rest/tasks/7");
    // From the cache (no second GET of the step), and as the server sent it: next is 2, not 99.
    Wire.assertJsonBody(put, "{\"currentStep\":2,\"status\":\"active\"}");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void theStepsOfAWorkflowHandedOutAreCopiesToo() throws InterruptedException {
    server.enqueue(json("{\"_id\":2,\"name\":\"W\",\"firstStep\":1,\"steps\":[1,2]}"));
    server.enqueue(json(STEP_1));
    server.enqueue(json("{\"_id\":2,\"name\":\"Confirm\"}"));

    try (TasksClient client = Wire.client(server)) {
      List<Step> first = client.workflowSteps(2);
      first.get(0).setName("changed");
      first.get(0).setNext(99L);
      List<Step> again = client.workflowSteps(2);
      assertThat(again).extracting(Step::getName).containsExactly("Gather", "Confirm");
      assertThat(again.get(0).getNext()).isEqualTo(2L);
      assertThat(again.get(0)).isNotSameAs(first.get(0));
    }

    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aDerivedClientHasItsOwnDefaultsAndSharesConnectionsThreadsAndTokens()
      throws InterruptedException {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    server.enqueue(AuthTest.login("tk_1", Instant.parse("2026-12-01T13:00:00Z")));
    server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}"));
    server.enqueue(json(TASK_JSON));

    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .credentials("u", "p", "n")
            .maxRetries(0)
            .clock(clock)
            .sleeper(wait -> {})
            .build()) {
      TasksClient patient = client.withOptions(options -> options.maxRetries(2));

      assertThatThrownBy(() -> client.getTask(7)).isInstanceOf(InternalServerException.class);
      assertThat(patient.getTask(7).getId()).isEqualTo(7L);
      assertThat(patient.core().httpClient.connectionPool())
          .isSameAs(client.core().httpClient.connectionPool());
      assertThat(patient.core().httpClient.dispatcher())
          .isSameAs(client.core().httpClient.dispatcher());
      assertThat(patient).hasToString(client.toString());
      patient.close();
      assertThatThrownBy(() -> patient.getTask(7)).isInstanceOf(IllegalStateException.class);
      assertThat(client.core().httpClient.dispatcher().executorService().isShutdown()).isFalse();
    }

    // One login, shared: the derived client sent the token the first one got.
    assertThat(Wire.take(server).getTarget()).isEqualTo("/api/auth/login");
    for (int i = 0; i < 3; i++) {
      assertThat(Wire.take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_1");
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aDerivedClientCanAuthenticateOtherwise() throws InterruptedException {
    server.enqueue(json(TASK_JSON));

    try (TasksClient client = Wire.client(server);
        TasksClient other = client.withOptions(options -> options.accessToken("tk_other"))) {
      other.getTask(7);
    }

    assertThat(Wire.take(server).getHeaders().get("Authorization")).isEqualTo("Bearer tk_other");
  }

  @Test
  void aDerivedClientGivenAnotherHttpClientSendsThroughIt() throws InterruptedException {
    server.enqueue(json(TASK_JSON));
    okhttp3.OkHttpClient theirs =
        new okhttp3.OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(chain.request().newBuilder().header("X-Via", "theirs").build()))
            .build();

    try (TasksClient client = Wire.client(server);
        TasksClient other = client.withOptions(options -> options.okHttpClient(theirs))) {
      other.getTask(7);

      assertThat(other.core().httpClient.connectionPool()).isSameAs(theirs.connectionPool());
      assertThat(other.core().httpClient.connectionPool())
          .isNotSameAs(client.core().httpClient.connectionPool());
    }

    assertThat(Wire.take(server).getHeaders().get("X-Via")).isEqualTo("theirs");
    // Closing the SDK's client left the one given to the derived client running.
    assertThat(theirs.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void aDerivedClientOnTheUsersHttpClientSharesItsLimitedDispatcher() {
    okhttp3.OkHttpClient theirs = new okhttp3.OkHttpClient();
    try (TasksClient client =
            TasksClient.builder()
                .baseUrl(server.url("/").toString())
                .accessToken(Wire.TOKEN)
                .okHttpClient(theirs)
                .maxConcurrentRequests(10)
                .build();
        TasksClient patient = client.withOptions(options -> options.maxRetries(5));
        TasksClient wider = client.withOptions(options -> options.maxConcurrentRequests(20))) {
      okhttp3.Dispatcher limited = client.core().httpClient.dispatcher();

      assertThat(limited).isNotSameAs(theirs.dispatcher());
      assertThat(limited.getMaxRequestsPerHost()).isEqualTo(10);
      // Ten at once for both, not ten each.
      assertThat(patient.core().httpClient.dispatcher()).isSameAs(limited);
      assertThat(wider.core().httpClient.dispatcher().getMaxRequestsPerHost()).isEqualTo(20);
      assertThat(wider.core().httpClient.dispatcher().executorService())
          .isSameAs(theirs.dispatcher().executorService());
    }
  }

  @Test
  void optionsAndQueriesDeriveFromOneAnother() {
    RequestOptions options =
        RequestOptions.builder()
            .timeout(Duration.ofSeconds(5))
            .maxRetries(1)
            .header("X-A", "1")
            .queryParameter("trace", "on")
            .build();
    RequestOptions derived = options.toBuilder().maxRetries(4).header("X-B", "2").build();

    assertThat(options.maxRetries()).hasValue(1);
    assertThat(options.headers()).containsExactly(Map.entry("X-A", "1"));
    assertThat(derived.maxRetries()).hasValue(4);
    assertThat(derived.timeout()).contains(Duration.ofSeconds(5));
    assertThat(derived.headers()).containsExactly(Map.entry("X-A", "1"), Map.entry("X-B", "2"));
    assertThat(derived.queryParameters()).containsExactly(Map.entry("trace", "on"));
    assertThat(RequestOptions.NONE.timeout()).isEmpty();
    assertThat(RequestOptions.NONE.responseListener()).isEmpty();

    TaskQuery active =
        TaskQuery.builder().workflow(2).status(TaskStatus.ACTIVE).pageSize(50).build();
    TaskQuery pending = active.toBuilder().status(TaskStatus.PENDING).build();
    assertThat(active.toBuilder().build()).isEqualTo(active);
    assertThat(pending.status()).contains(TaskStatus.PENDING);
    assertThat(pending.workflow()).hasValue(2L);
    assertThat(pending.pageSize()).isEqualTo(50);
    assertThat(active.status()).contains(TaskStatus.ACTIVE);
    assertThat(active.matchesEveryTask()).isFalse();
    assertThat(TaskQuery.builder().build().matchesEveryTask()).isTrue();
  }

  @Test
  void theModelsHaveNoPublicSetterForWhatOnlyTheSdksReaderSets() {
    List<String> setters =
        Arrays.stream(Task.class.getMethods())
            .filter(
                method ->
                    method.getName().startsWith("populated") && method.getParameterCount() == 1)
            .map(Method::getName)
            .toList();
    assertThat(setters).isEmpty();
    assertThat(
            Arrays.stream(Task.class.getMethods())
                .filter(method -> method.getName().equals("populatedWorkflow")))
        .singleElement()
        .satisfies(getter -> assertThat(Modifier.isPublic(getter.getModifiers())).isTrue());
    assertThat(new Task().populatedWorkflow()).isEmpty();
    assertThat(Workflow.class.getSimpleName()).isEqualTo("Workflow");
  }

  @Test
  void aRepeatWithARefreshedTokenIsAnObservedAttempt() {
    ObserverTest.Recorder recorder = new ObserverTest.Recorder();
    server.enqueue(json(401, "{\"error\":{\"message\":\"expired\"}}"));
    server.enqueue(json(TASK_JSON));
    String[] tokens = {"tk_old"};
    TokenProvider provider =
        new TokenProvider() {
          @Override
          public String token() {
            return tokens[0];
          }

          @Override
          public boolean refresh(String rejectedToken) {
            tokens[0] = "tk_new";
            return true;
          }
        };

    try (TasksClient client =
        TasksClient.builder()
            .baseUrl(server.url("/").toString())
            .tokenProvider(provider)
            .maxRetries(0)
            .observer(recorder)
            .build()) {
      assertThat(client.getTask(7).getId()).isEqualTo(7L);
    }

    assertThat(recorder.events)
        .containsExactly(
            "start getTask id=7",
            "  attempt GET /rest/tasks/{id} #1",
            "  end CLIENT_ERROR 401 retried: HTTP 401: token refreshed AuthenticationException",
            "  attempt GET /rest/tasks/{id} #2 after HTTP 401: token refreshed",
            "  end SUCCESS 200",
            "end getTask");
  }

  @Test
  void aModelPrintsOneLineWithContextKeysAndNeverValuesOrFreeText() {
    Task task =
        new Task()
            .id(7L)
            .extId("CRM-1042")
            .workflow(2L)
            .currentStep(3L)
            .status(TaskStatus.PENDING)
            .name("Onboard Ada Lovelace")
            .description("Call +1 555 0100")
            .context(new java.util.LinkedHashMap<>(Map.of("phone", "+1 555 0100")))
            .createdAt(java.time.OffsetDateTime.parse("2026-12-01T10:00:00Z"));

    assertThat(task.toString())
        .isEqualTo(
            "Task{id=7, extId=CRM-1042, workflow=2, currentStep=3, status=pending,"
                + " context keys=[phone]}");
    assertThat(new Task().toString()).isEqualTo("Task{}");
    assertThat(
            new com.copilotz.tasks.model.UpdateTaskRequest()
                .name("Ada")
                .context(Map.of("email", "ada@example.com"))
                .toString())
        .isEqualTo("UpdateTaskRequest{context keys=[email]}");
    assertThat(
            new Step().id(1L).name("Gather").next(2L).instructions("Ask for the email").toString())
        .isEqualTo("Step{id=1, name=Gather, next=2}");
  }

  @Test
  void theModelsAndTheApiAreNullMarked() throws NoSuchMethodException {
    assertThat(
            Task.class.getPackage().isAnnotationPresent(org.jspecify.annotations.NullMarked.class))
        .isTrue();
    assertThat(
            TasksClient.class
                .getPackage()
                .isAnnotationPresent(org.jspecify.annotations.NullMarked.class))
        .isTrue();
    assertThat(
            Task.class
                .getMethod("getCurrentStep")
                .getAnnotatedReturnType()
                .isAnnotationPresent(org.jspecify.annotations.Nullable.class))
        .as("a task may have no step")
        .isTrue();
    assertThat(
            Task.class
                .getMethod("getExtId")
                .getAnnotatedReturnType()
                .isAnnotationPresent(org.jspecify.annotations.Nullable.class))
        .as("a stored task always has an extId")
        .isFalse();
  }
}
