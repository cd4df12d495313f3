package com.copilotz.tasks.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.copilotz.tasks.AsyncTasksClient;
import com.copilotz.tasks.StepAction;
import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.TaskQuery;
import com.copilotz.tasks.TasksClient;
import com.copilotz.tasks.model.CreateTaskRequest;
import com.copilotz.tasks.model.Task;
import com.copilotz.tasks.model.TaskStatus;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.copilotz.tasks.testing.ReceivedRequest;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The auto-configuration, context by context, against a FakeCopilotzServer. Runs on Spring Boot 3.5
 * and 4.0.
 */
class CopilotzTasksAutoConfigurationTest {
  FakeCopilotzServer server;
  String token;
  ApplicationContextRunner runner;

  @BeforeEach
  void start() {
    server = new FakeCopilotzServer().start();
    token = server.issueToken();
    runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CopilotzTasksAutoConfiguration.class));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  String baseUrl() {
    return "copilotz.tasks.base-url=" + server.baseUrl();
  }

  static CreateTaskRequest row(String extId) {
    return new CreateTaskRequest()
        .extId(extId)
        .status(TaskStatus.ACTIVE)
        .name("n")
        .description("d");
  }

  /** An application's worker of the fake's second step, which says what it handled. */
  @Configuration(proxyBeanMethods = false)
  static class WorkerApplication {
    static final List<Long> HANDLED = new java.util.concurrent.CopyOnWriteArrayList<>();
    static volatile java.util.concurrent.CountDownLatch handling;

    @Bean
    StepWorker emailWorker(TasksClient client) {
      return client
          .stepWorker(2)
          .build(
              task -> {
                HANDLED.add(task.getId());
                handling.countDown();
                return StepAction.advance(java.util.Map.of("emailSent", "yes"));
              });
    }
  }

  static void ready(org.springframework.context.ConfigurableApplicationContext context) {
    context.publishEvent(
        new org.springframework.boot.context.event.ApplicationReadyEvent(
            new org.springframework.boot.SpringApplication(),
            new String[0],
            context,
            java.time.Duration.ZERO));
  }

  @Test
  void aStepWorkerBeanStartsWhenTheApplicationIsReadyAndStopsGracefullyWithTheContext()
      throws Exception {
    long workflow = server.seedWorkflow("Onboarding", "Gather", "Send Email", "Done").getId();
    TasksClient seeding = server.newClient();
    Task waiting = seeding.createTask(row("SPRING-W").workflow(workflow).currentStep(2L));
    seeding.close();
    WorkerApplication.HANDLED.clear();
    WorkerApplication.handling = new java.util.concurrent.CountDownLatch(1);
    List<StepWorker> workers = new ArrayList<>();
    runner
        .withUserConfiguration(WorkerApplication.class)
        .withPropertyValues(baseUrl(), "copilotz.tasks.access-token=" + token)
        .run(
            context -> {
              StepWorker worker = context.getBean(StepWorker.class);
              workers.add(worker);
              assertThat(worker.stats().running())
                  .as("not before the application is ready")
                  .isFalse();

              ready(context.getSourceApplicationContext());

              assertThat(worker.stats().running()).isTrue();
              assertThat(context.getBean(CopilotzTasksWorkers.class).startedWorkers())
                  .containsExactly(worker);
              assertThat(
                      WorkerApplication.handling.await(60, java.util.concurrent.TimeUnit.SECONDS))
                  .isTrue();
            });
    // The context closed: the worker stopped, after the handler's move was written.
    assertThat(workers.get(0).stats().running()).isFalse();
    assertThat(workers.get(0).awaitStop(java.time.Duration.ofSeconds(60))).isTrue();
    assertThat(WorkerApplication.HANDLED).containsExactly(waiting.getId());
    assertThat(server.task(waiting.getId()).orElseThrow().getCurrentStep()).isEqualTo(3L);
  }

  @Test
  void workersTurnedOffAreNotStartedWhenTheApplicationIsReady() {
    runner
        .withUserConfiguration(WorkerApplication.class)
        .withPropertyValues(
            baseUrl(),
            "copilotz.tasks.access-token=" + token,
            "copilotz.tasks.workers.enabled=false")
        .run(
            context -> {
              ready(context.getSourceApplicationContext());
              assertThat(context.getBean(StepWorker.class).stats().running()).isFalse();
              assertThat(context.getBean(CopilotzTasksWorkers.class).startedWorkers()).isEmpty();
            });
  }

  @Test
  void aTokenGivesAClientAndItsAsyncViewClosedWithTheContext() {
    List<TasksClient> clients = new ArrayList<>();
    runner
        .withPropertyValues(baseUrl(), "copilotz.tasks.access-token=" + token)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(TasksClient.class)
                  .hasSingleBean(AsyncTasksClient.class);
              TasksClient client = context.getBean(TasksClient.class);
              clients.add(client);
              Task created = client.createTask(row("SPRING-1"));
              assertThat(
                      context
                          .getBean(AsyncTasksClient.class)
                          .getTask(created.getId())
                          .join()
                          .getExtId())
                  .isEqualTo("SPRING-1");
              assertThat(server.requests())
                  .allSatisfy(
                      request ->
                          assertThat(request.header("Authorization")).hasValue("Bearer " + token));
            });
    assertThatThrownBy(() -> clients.get(0).getTask(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("This TasksClient is closed");
  }

  @Test
  void credentialsLogIn() {
    server.addUser("svc", "s3cret", "acme");
    runner
        .withPropertyValues(
            baseUrl(),
            "copilotz.tasks.username=svc",
            "copilotz.tasks.password=s3cret",
            "copilotz.tasks.namespace=acme")
        .run(
            context -> {
              context.getBean(TasksClient.class).listTasks(TaskQuery.builder().build()).count();
              assertThat(server.requests())
                  .extracting(ReceivedRequest::path)
                  .containsExactly("/api/auth/login", "/rest/tasks");
            });
  }

  @Test
  void theSdksOwnEnvironmentVariablesWorkToo() {
    runner
        .withPropertyValues(
            "COPILOTZ_BASE_URL=" + server.baseUrl(), "COPILOTZ_ACCESS_TOKEN=" + token)
        .run(
            context -> {
              context.getBean(TasksClient.class).listTasks(TaskQuery.builder().build()).count();
              assertThat(server.requests())
                  .singleElement()
                  .satisfies(
                      request ->
                          assertThat(request.header("Authorization")).hasValue("Bearer " + token));
            });
  }

  @Test
  void theCopilotzTasksPropertiesWinOverTheSdksVariables() {
    runner
        .withPropertyValues(
            baseUrl(),
            "copilotz.tasks.access-token=" + token,
            "COPILOTZ_ACCESS_TOKEN=tk_other",
            "COPILOTZ_BASE_URL=https://elsewhere.example")
        .run(
            context -> {
              context.getBean(TasksClient.class).listTasks(TaskQuery.builder().build()).count();
              assertThat(server.requests())
                  .singleElement()
                  .satisfies(
                      request ->
                          assertThat(request.header("Authorization")).hasValue("Bearer " + token));
            });
  }

  @Test
  void retriesAndTheWorkflowCacheFollowTheProperties() {
    runner
        .withPropertyValues(
            baseUrl(),
            "copilotz.tasks.access-token=" + token,
            "copilotz.tasks.max-retries=0",
            "copilotz.tasks.workflow-cache-ttl=0s",
            "copilotz.tasks.timeout=30s",
            "copilotz.tasks.connect-timeout=5s",
            "copilotz.tasks.max-retry-after=2s",
            "copilotz.tasks.log-level=info")
        .run(
            context -> {
              TasksClient client = context.getBean(TasksClient.class);
              server.inject(
                  "GET", "/rest/tasks/*", 1, com.copilotz.tasks.testing.Fault.status(503));
              assertThatThrownBy(() -> client.getTask(1))
                  .isInstanceOf(com.copilotz.tasks.errors.InternalServerException.class);
              var workflow = server.seedWorkflow("W", "A", "B");
              client.workflowSteps(workflow.getId());
              client.workflowSteps(workflow.getId());
              assertThat(server.requests())
                  .extracting(ReceivedRequest::path)
                  .containsExactly(
                      "/rest/tasks/1",
                      "/rest/workflows/1",
                      "/rest/steps/1",
                      "/rest/steps/2",
                      "/rest/workflows/1",
                      "/rest/steps/1",
                      "/rest/steps/2");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    final List<String> applied = new ArrayList<>();

    @Bean
    @Order(2)
    TasksClientBuilderCustomizer second() {
      return builder -> applied.add("second");
    }

    @Bean
    @Order(1)
    TasksClientBuilderCustomizer first() {
      return builder -> applied.add("first");
    }
  }

  @Test
  void customizersRunInOrder() {
    runner
        .withUserConfiguration(Customizers.class)
        .withPropertyValues(baseUrl(), "copilotz.tasks.access-token=" + token)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TasksClient.class);
              assertThat(context.getBean(Customizers.class).applied)
                  .containsExactly("first", "second");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class TheirHttpClient {
    final List<Request> seen = new ArrayList<>();

    @Bean(CopilotzTasksAutoConfiguration.OK_HTTP_CLIENT_BEAN)
    OkHttpClient copilotzTasksOkHttpClient() {
      return new OkHttpClient.Builder()
          .addInterceptor(
              chain -> {
                seen.add(chain.request());
                return chain.proceed(chain.request());
              })
          .build();
    }

    @Bean
    OkHttpClient unrelatedOkHttpClient() {
      return new OkHttpClient.Builder()
          .addInterceptor(
              chain -> {
                throw new AssertionError("the SDK must not use an unrelated OkHttpClient");
              })
          .build();
    }
  }

  @Test
  void theOkHttpClientNamedForTheSdkIsUsedAndNoOther() {
    runner
        .withUserConfiguration(TheirHttpClient.class)
        .withPropertyValues(baseUrl(), "copilotz.tasks.access-token=" + token)
        .run(
            context -> {
              context.getBean(TasksClient.class).listTasks(TaskQuery.builder().build()).count();
              assertThat(context.getBean(TheirHttpClient.class).seen)
                  .singleElement()
                  .satisfies(
                      request ->
                          assertThat(request.header("Authorization")).isEqualTo("Bearer " + token));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class TheirClient {
    @Bean
    TasksClient theirClient() {
      return TasksClient.builder().accessToken("tk_theirs").build();
    }
  }

  @Test
  void anApplicationsOwnClientWins() {
    runner
        .withUserConfiguration(TheirClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(TasksClient.class).hasBean("theirClient");
              assertThat(context.getBean(AsyncTasksClient.class))
                  .isSameAs(context.getBean(TasksClient.class).async());
            });
  }

  @Test
  void withoutATokenOrCredentialsTheApplicationSaysWhatToSet() {
    runner
        .withPropertyValues(baseUrl())
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              CopilotzTasksCredentialsMissingException cause = findCause(failure);
              assertThat(cause)
                  .hasMessage("neither an access token nor credentials are configured");
              FailureAnalysis analysis = new CopilotzTasksFailureAnalyzer().analyze(failure);
              assertThat(analysis.getDescription())
                  .isEqualTo(
                      "The Copilotz Tasks client cannot authenticate: neither an access token nor credentials are configured.");
              assertThat(analysis.getAction())
                  .contains(
                      "copilotz.tasks.access-token",
                      "copilotz.tasks.username",
                      "copilotz.tasks.password",
                      "copilotz.tasks.namespace",
                      "COPILOTZ_ACCESS_TOKEN");
            });
  }

  @Test
  void springBootFindsTheFailureAnalyzer() throws Exception {
    java.util.Properties factories = new java.util.Properties();
    try (java.io.InputStream in =
        CopilotzTasksFailureAnalyzer.class.getResourceAsStream("/META-INF/spring.factories")) {
      factories.load(in);
    }
    assertThat(factories.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
        .isEqualTo(CopilotzTasksFailureAnalyzer.class.getName());
    assertThat(org.springframework.boot.diagnostics.FailureAnalyzer.class)
        .isAssignableFrom(CopilotzTasksFailureAnalyzer.class);
  }

  @Test
  void incompleteCredentialsNameWhatIsMissing() {
    runner
        .withPropertyValues(baseUrl(), "copilotz.tasks.username=svc")
        .run(
            context ->
                assertThat(findCause(context.getStartupFailure()))
                    .hasMessage(
                        "the credentials are incomplete: copilotz.tasks.password and copilotz.tasks.namespace are not set"));
  }

  static CopilotzTasksCredentialsMissingException findCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CopilotzTasksCredentialsMissingException) {
        return (CopilotzTasksCredentialsMissingException) cause;
      }
    }
    throw new AssertionError("no CopilotzTasksCredentialsMissingException in " + failure);
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }
  }

  @Test
  void anObservationRegistryObservesTheClient() {
    runner
        .withUserConfiguration(Registry.class)
        .withPropertyValues(baseUrl(), "copilotz.tasks.access-token=" + token)
        .run(
            context -> {
              context.getBean(TasksClient.class).listTasks(TaskQuery.builder().build()).count();
              TestObservationRegistryAssert.assertThat(
                      context.getBean(TestObservationRegistry.class))
                  .hasNumberOfObservationsWithNameEqualTo("copilotz.tasks.operation", 1)
                  .hasNumberOfObservationsWithNameEqualTo("copilotz.tasks.http", 1)
                  .hasObservationWithNameEqualTo("copilotz.tasks.http")
                  .that()
                  .hasLowCardinalityKeyValue("operation", "listTasks")
                  .hasLowCardinalityKeyValue("uri", "/rest/tasks")
                  .hasBeenStopped();
            });
  }

  @Test
  void thePropertiesNeverShowTheirSecrets() {
    runner
        .withPropertyValues(
            baseUrl(), "copilotz.tasks.access-token=" + token, "copilotz.tasks.password=pw-secret")
        .run(
            context ->
                assertThat(context.getBean(CopilotzTasksProperties.class).toString())
                    .doesNotContain(token)
                    .doesNotContain("pw-secret")
                    .contains("accessToken=******"));
  }

  @Test
  void everyPropertyHasMetadataWithADescription() throws Exception {
    String metadata =
        new String(
            getClass()
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metadata);
    List<String> names = new ArrayList<>();
    json.path("properties")
        .forEach(
            property -> {
              names.add(property.path("name").asText());
              assertThat(property.path("description").asText())
                  .as(property.path("name").asText())
                  .isNotBlank();
            });
    assertThat(names)
        .contains(
            "copilotz.tasks.base-url",
            "copilotz.tasks.access-token",
            "copilotz.tasks.username",
            "copilotz.tasks.password",
            "copilotz.tasks.namespace",
            "copilotz.tasks.timeout",
            "copilotz.tasks.connect-timeout",
            "copilotz.tasks.max-retries",
            "copilotz.tasks.max-retry-after",
            "copilotz.tasks.max-concurrent-requests",
            "copilotz.tasks.log-level",
            "copilotz.tasks.workflow-cache-ttl",
            "copilotz.tasks.health.enabled");
  }
}
