package com.copilotz.tasks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.copilotz.tasks.StepWorker;
import com.copilotz.tasks.testing.FakeCopilotzServer;
import com.copilotz.tasks.testing.Fault;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The health indicator and the masking of secrets, the same on each Spring Boot line: a subclass
 * per line reads the indicator through that line's health API.
 */
abstract class ActuatorTestSupport {
  FakeCopilotzServer server;
  ApplicationContextRunner runner;

  /**
   * What the {@code copilotzTasksHealthIndicator} bean answered, read through the line's health
   * API.
   */
  record HealthAnswer(String status, Map<String, Object> details, String text) {}

  /** Asks the context's {@code copilotzTasksHealthIndicator} for its health. */
  abstract HealthAnswer health(ApplicationContext context);

  @BeforeEach
  void start() {
    server = new FakeCopilotzServer().start();
    runner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    CopilotzTasksAutoConfiguration.class,
                    CopilotzTasksHealthConfiguration.class,
                    CopilotzTasksSanitizingConfiguration.class))
            .withPropertyValues("copilotz.tasks.base-url=" + server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theHealthIndicatorIsOffUnlessEnabled() {
    runner
        .withPropertyValues("copilotz.tasks.access-token=" + server.issueToken())
        .run(context -> assertThat(context).doesNotHaveBean("copilotzTasksHealthIndicator"));
  }

  @Test
  void theHealthIndicatorChecksReachAndCredentialsWithoutCreatingAnything() {
    runner
        .withPropertyValues(
            "copilotz.tasks.access-token=" + server.issueToken(),
            "copilotz.tasks.health.enabled=true")
        .run(
            context -> {
              HealthAnswer health = health(context);
              assertThat(health.status()).isEqualTo("UP");
              assertThat(health.details()).containsKey("latencyMs");
            });
    runner
        .withPropertyValues(
            "copilotz.tasks.access-token=tk_wrong", "copilotz.tasks.health.enabled=true")
        .run(
            context -> {
              HealthAnswer health = health(context);
              assertThat(health.status()).isEqualTo("DOWN");
              assertThat(health.details())
                  .containsEntry("error", "the credentials were rejected (401)");
              assertThat(health.text()).doesNotContain("tk_wrong");
            });
    assertThat(server.requests())
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
    assertThat(server.tasks()).isEmpty();
  }

  @Test
  void theHealthSaysHowEachWorkerFaresAndIsDownWhenOneStoppedOnItsOwn() {
    server.seedWorkflow("Onboarding", "Gather", "Send Email", "Done");
    // The worker's first listing is refused: it stops, as it must on a 401.
    server.inject("GET", "/rest/tasks", 1, Fault.status(401));
    runner
        .withUserConfiguration(CopilotzTasksAutoConfigurationTest.WorkerApplication.class)
        .withPropertyValues(
            "copilotz.tasks.access-token=" + server.issueToken(),
            "copilotz.tasks.health.enabled=true")
        .run(
            context -> {
              CopilotzTasksAutoConfigurationTest.ready(context.getSourceApplicationContext());
              StepWorker worker = context.getBean(StepWorker.class);
              assertThat(worker.awaitStop(Duration.ofSeconds(60))).isTrue();

              HealthAnswer health = health(context);
              assertThat(health.status()).isEqualTo("DOWN");
              assertThat(health.details()).containsKey("latencyMs");
              assertThat(health.details().get("workers"))
                  .isEqualTo(
                      Map.of(
                          "step 2",
                          Map.of(
                              "running",
                              false,
                              "stoppedBy",
                              worker.stats().lastFailure().orElseThrow().getMessage(),
                              "consecutiveFailures",
                              1,
                              "inFlight",
                              0)));
            });
  }

  @Test
  void theTokenAndThePasswordAreMaskedEvenWhenValuesAreShown() {
    runner
        .withPropertyValues("copilotz.tasks.access-token=tk_secret")
        .run(
            context -> {
              SanitizingFunction function = context.getBean(SanitizingFunction.class);
              for (String key :
                  new String[] {
                    "copilotz.tasks.access-token",
                    "copilotz.tasks.accessToken",
                    "copilotz.tasks.password",
                    "COPILOTZ_TASKS_ACCESS_TOKEN",
                    "COPILOTZ_ACCESS_TOKEN",
                    "COPILOTZ_PASSWORD"
                  }) {
                assertThat(function.apply(new SanitizableData(null, key, "tk_secret")).getValue())
                    .as(key)
                    .isEqualTo(SanitizableData.SANITIZED_VALUE);
              }
              assertThat(
                      function
                          .apply(new SanitizableData(null, "copilotz.tasks.base-url", "https://x"))
                          .getValue())
                  .isEqualTo("https://x");
            });
  }
}
